package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider loaded through a class loader that sees JNegotiate's own classes and only some of its dependency
 * jars (as {@code -javaagent:jnegotiate-provider.jar} alone would): it registers nothing, logs at WARNING each
 * missing jar and class, and {@code install()} throws with the same words.
 */
class RuntimeDependenciesTest {
    private static final String NOTHING_REGISTERED = " No JNegotiate mechanism is registered.";

    private final Logger julLogger = Logger.getLogger("org.jnegotiate"); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
    }

    @Test
    void everythingPresent_nothingMissing() {
        assertEquals(
                List.of(),
                RuntimeDependencies.missing(
                        RuntimeDependencies.REQUIREMENTS, RuntimeDependenciesTest.class.getClassLoader()));
        assertTrue(RuntimeDependencies.explanation().isEmpty());
    }

    /**
     * A class named only in the check would be dropped from the minimised jnegotiate.jar (string constants are not
     * references), and the check would then refuse a complete bundle: every class it names must be one that
     * another compiled class of JNegotiate refers to.
     */
    @Test
    void everyRequiredClass_isReferencedByJNegotiatesOwnCode() throws Exception {
        Path classes = Path.of(JNegotiateProvider.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<byte[]> compiled = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")
                            && !f.getFileName().toString().startsWith("RuntimeDependencies"))
                    .toList()) {
                compiled.add(java.nio.file.Files.readAllBytes(f));
            }
        }
        for (RuntimeDependencies.Requirement r : RuntimeDependencies.REQUIREMENTS) {
            byte[] internal = r.className().replace('.', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8);
            boolean ownClass = r.className().startsWith("org.jnegotiate.");
            assertTrue(
                    ownClass
                            ? java.nio.file.Files.exists(
                                    classes.resolve(r.className().replace('.', '/') + ".class"))
                            : compiled.stream().anyMatch(c -> Bytes.indexOf(c, internal) >= 0),
                    r.className() + " must be a class JNegotiate's code refers to");
        }
    }

    @Test
    void onlyOwnClasses_registersNothing_warnsWithEachJar_andInstallThrowsTheSameWords() throws Exception {
        try (URLClassLoader loader = isolated(List.of())) {
            String warning = constructAndCaptureWarning(loader);
            for (String expected : List.of(
                    "org.apache.kerby:kerby-asn1",
                    "org.apache.kerby.asn1.EnumType",
                    "org.apache.kerby:kerb-core",
                    "org.apache.kerby.kerberos.kerb.type.base.PrincipalName",
                    "org.apache.kerby:kerb-util",
                    "org.apache.kerby.kerberos.kerb.keytab.KeytabInputStream",
                    "org.bouncycastle:bcprov-jdk18on",
                    "org.bouncycastle.crypto.digests.MD4Digest")) {
                assertTrue(warning.contains(expected), expected + " in: " + warning);
            }
            assertFalse(warning.contains("jnegotiate-provider (the"), warning);
            assertInstallThrows(loader, warning);
        }
    }

    @Test
    void withoutBouncyCastle_namesOnlyBouncyCastle() throws Exception {
        try (URLClassLoader loader = isolated(classPathJars("kerby-asn1", "kerb-core", "kerb-util"))) {
            String warning = constructAndCaptureWarning(loader);
            assertTrue(
                    warning.contains("org.bouncycastle:bcprov-jdk18on (BouncyCastle, MD4 for NTLM and rc4-hmac):"
                            + " class org.bouncycastle.crypto.digests.MD4Digest not found"),
                    warning);
            assertFalse(warning.contains("kerby"), warning);
            assertInstallThrows(loader, warning);
        }
    }

    @Test
    void kerbCoreWithoutItsAsn1Jar_namesTheClassThatKerbCoreCannotFind() throws Exception {
        try (URLClassLoader loader = isolated(classPathJars("kerb-core", "kerb-util", "bcprov-jdk18on"))) {
            String warning = constructAndCaptureWarning(loader);
            assertTrue(
                    warning.contains("org.apache.kerby:kerby-asn1 (Apache Kerby ASN.1): class"
                            + " org.apache.kerby.asn1.EnumType not found"),
                    warning);
            // kerb-core is there but cannot be initialised without kerby-asn1: the line says which class it lacks
            assertTrue(
                    warning.contains("class org.apache.kerby.kerberos.kerb.type.base.PrincipalName cannot be"
                            + " loaded (NoClassDefFoundError: org.apache.kerby.asn1."),
                    warning);
            assertFalse(warning.contains("bouncycastle"), warning);
        }
    }

    @Test
    void explanation_namesEveryMissingJarOnce() {
        List<RuntimeDependencies.Requirement> reqs = List.of(
                new RuntimeDependencies.Requirement("a:one", "no.such.First", true),
                new RuntimeDependencies.Requirement("a:one", "no.such.Second", true),
                new RuntimeDependencies.Requirement("b:two", "java.lang.String", true));
        List<String> missing = RuntimeDependencies.missing(reqs, getClass().getClassLoader());
        assertEquals(List.of("a:one: class no.such.First not found"), missing);
        String text = RuntimeDependencies.explanation(missing).orElseThrow();
        assertTrue(
                text.startsWith("JNegotiate cannot run: classes it needs are missing from the class path."
                        + " Missing: a:one: class no.such.First not found. "),
                text);
    }

    /** Constructs the isolated provider; asserts it registered nothing; returns the one WARNING it logged. */
    private String constructAndCaptureWarning(URLClassLoader loader) throws Exception {
        Class<?> cls = Class.forName(JNegotiateProvider.class.getName(), true, loader);
        assertTrue(cls.getClassLoader() == loader, "the provider must come from the isolated loader");
        Provider p = (Provider) cls.getConstructor().newInstance();
        assertTrue(
                p.keySet().stream().noneMatch(k -> k.toString().startsWith("GssApiMechanism.")),
                "mechanisms registered: " + p.keySet());
        assertEquals(false, cls.getMethod("gssMechanismsRegistered").invoke(p));
        List<LogRecord> warnings;
        synchronized (records) {
            warnings =
                    records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
            records.clear();
        }
        assertEquals(
                1,
                warnings.size(),
                "one WARNING: " + warnings.stream().map(LogRecord::getMessage).toList());
        String warning = warnings.get(0).getMessage();
        assertTrue(
                warning.startsWith("JNegotiate cannot run: classes it needs are missing from the class path."),
                warning);
        assertTrue(warning.endsWith(NOTHING_REGISTERED), warning);
        return warning;
    }

    private void assertInstallThrows(URLClassLoader loader, String warning) throws Exception {
        Class<?> cls = Class.forName(JNegotiateProvider.class.getName(), true, loader);
        InvocationTargetException e = assertThrows(
                InvocationTargetException.class, () -> cls.getMethod("install").invoke(null));
        IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(warning.substring(0, warning.length() - NOTHING_REGISTERED.length()), ise.getMessage());
        assertTrue(
                Arrays.stream(Security.getProviders())
                        .noneMatch(p -> p.getClass().getClassLoader() == loader),
                "the isolated provider must not be in the provider list");
    }

    /** JNegotiate's compiled classes, the given jars, and the JDK: nothing else. */
    private static URLClassLoader isolated(List<Path> jars) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(JNegotiateProvider.class.getProtectionDomain().getCodeSource().getLocation());
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return new URLClassLoader(
                "without-dependencies", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** The test class path's jars whose file names start with one of the artifact names and then a version. */
    private static List<Path> classPathJars(String... artifacts) {
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            for (String a : artifacts) {
                if (file.startsWith(a + "-")
                        && Character.isDigit(file.charAt(a.length() + 1))
                        && file.endsWith(".jar")) {
                    found.add(Path.of(entry));
                }
            }
        }
        assertEquals(
                artifacts.length, found.size(), "jars " + Arrays.toString(artifacts) + " on the class path: " + found);
        return found;
    }
}
