package org.jnegotiate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.junit.jupiter.api.Test;

/**
 * The self-contained {@code target/jnegotiate.jar} (maven-shade-plugin, {@code package} phase). Runs in the
 * {@code integration-test} phase (the surefire execution {@code jnegotiate-jar-tests} of provider/pom.xml), after
 * the jar exists: {@code mvn install} or {@code mvn verify} runs it, {@code mvn test} does not. A missing jar
 * fails these tests, never skips them.
 */
class BundleJarIT {
    private static final List<String> FOREIGN =
            List.of("org/apache/kerby/", "org/bouncycastle/", "org/slf4j/", "org/apache/commons/io/");

    private static Path jar(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null, "system property " + property + " (set by provider/pom.xml) is missing");
        Path p = Path.of(value);
        assertTrue(Files.isRegularFile(p), p + " does not exist: these tests run after the package phase");
        return p;
    }

    @Test
    void entries_everyClassIsUnderOrgJnegotiate_nothingUnrelocated_noSignatures() throws IOException {
        Path bundle = jar("jnegotiate.jar");
        List<String> outside = new ArrayList<>();
        List<String> unrelocated = new ArrayList<>();
        int classes = 0;
        try (JarFile jf = new JarFile(bundle.toFile())) {
            Attributes main = jf.getManifest().getMainAttributes();
            assertEquals("org.jnegotiate.gss.JNegotiateAgent", main.getValue("Premain-Class"));
            assertEquals("org.jnegotiate.gss.JNegotiateAgent", main.getValue("Launcher-Agent-Class"));
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                String name = e.getName();
                if (name.endsWith(".class")) {
                    classes++;
                    if (!name.startsWith("org/jnegotiate/")) {
                        outside.add(name); // also catches META-INF/versions/N/... classes
                    }
                    try (InputStream in = jf.getInputStream(e)) {
                        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        for (String f : FOREIGN) {
                            if (constants.contains(f)) {
                                unrelocated.add(name + " refers to " + f);
                            }
                        }
                    }
                } else if (!(name.startsWith("META-INF/")
                        || name.startsWith("org/jnegotiate/")
                        || name.equals("org/"))) {
                    outside.add(name);
                } else if (name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")) {
                    outside.add(name + " (a signature file of a shaded jar)");
                }
            }
        }
        try (JarFile jf = new JarFile(bundle.toFile())) {
            JarEntry services = jf.getJarEntry("META-INF/services/java.security.Provider");
            assertTrue(
                    services != null,
                    "no META-INF/services/java.security.Provider: the java.security snippet"
                            + " could not name the provider");
            try (InputStream in = jf.getInputStream(services)) {
                assertEquals(
                        "org.jnegotiate.JNegotiateProvider",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
        assertTrue(classes > 500, "only " + classes + " classes");
        assertEquals(List.of(), outside, "entries outside org/jnegotiate/ and META-INF/");
        assertEquals(List.of(), unrelocated, "classes still referring to unrelocated packages");
    }

    @Test
    void agentAlone_kerberosThroughSpnego() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        String out = runProbe(
                jar("jnegotiate.jar"),
                Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()),
                List.of("-Djava.security.krb5.conf=" + kdc.krb5Conf),
                "kerberos",
                KerbyKdc.BOB + "@" + KerbyKdc.REALM,
                kdc.aliceKeytab.toString());
        assertTrue(
                out.contains("first provider: JNegotiate org.jnegotiate.JNegotiateProvider from (file:")
                        && out.contains("jnegotiate.jar"),
                out);
        // Kerberos under the MS-KRB5 OID, the first that Negotiate offers (Windows' order)
        assertTrue(
                out.contains("OK kerberos client mech=1.2.840.48018.1.2.2 server mech=1.2.840.48018.1.2.2 client="
                        + KerbyKdc.BOB + "@" + KerbyKdc.REALM + " target=HTTP@localhost mutual=true"),
                out);
        assertQuiet(out);
    }

    @Test
    void agentAlone_ntlmThroughSpnego() throws Exception {
        Path users =
                Path.of("src", "test", "resources", "ntlm", "gss-door-users").toAbsolutePath();
        String out = runProbe(
                jar("jnegotiate.jar"),
                Map.of(),
                List.of(
                        "-Djnegotiate.ntlm.userFile=" + users,
                        "-Djava.security.krb5.conf="
                                + Path.of("no-such-krb5.conf").toAbsolutePath()),
                "ntlm",
                "DOMAIN\\alice");
        assertTrue(out.contains("first provider: JNegotiate org.jnegotiate.JNegotiateProvider"), out);
        assertTrue(
                out.contains("OK ntlm client mech=1.3.6.1.4.1.311.2.2.10 server mech=1.3.6.1.4.1.311.2.2.10"
                        + " client=DOMAIN\\alice target=HTTP@localhost"),
                out);
        assertQuiet(out);
    }

    /** The other way in: the jar on the class path, the provider list of the java.security template, the export. */
    @Test
    void classPath_withSecurityTemplateAndExport_ntlmThroughSpnego() throws Exception {
        Path users =
                Path.of("src", "test", "resources", "ntlm", "gss-door-users").toAbsolutePath();
        Path security = Path.of("..", "META-INF-templates", "jnegotiate.security")
                .toAbsolutePath()
                .normalize();
        String out = runProbe(
                null,
                Map.of(),
                List.of(
                        "-cp",
                        jar("jnegotiate.jar").toAbsolutePath().toString(),
                        "-Djava.security.properties=" + security,
                        "--add-exports",
                        "java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED",
                        "-Djnegotiate.ntlm.userFile=" + users,
                        "-Djava.security.krb5.conf="
                                + Path.of("no-such-krb5.conf").toAbsolutePath()),
                "ntlm",
                "DOMAIN\\alice");
        assertTrue(
                out.contains("OK ntlm client mech=1.3.6.1.4.1.311.2.2.10 server mech=1.3.6.1.4.1.311.2.2.10"
                        + " client=DOMAIN\\alice target=HTTP@localhost"),
                out);
        assertQuiet(out);
    }

    /** The thin jar as an agent without its dependencies: a WARNING naming them, and the JDK's Kerberos serves. */
    @Test
    void thinJarAlone_warnsWithTheMissingJars_andSunJgssKeepsServing() throws Exception {
        String out = runProbe(jar("jnegotiate.thinJar"), Map.of(), List.of(), "providers");
        assertTrue(
                out.contains("WARNING: JNegotiate cannot run: classes it needs are missing from the class path."
                        + " Missing: org.apache.kerby:kerby-asn1"),
                out);
        assertTrue(out.contains("org.bouncycastle:bcprov-jdk18on"), out);
        assertTrue(out.contains("JNegotiate installed: false"), out);
        assertTrue(out.contains("GSSManager mechanisms: [1.2.840.113554.1.2.2, 1.3.6.1.5.5.2]"), out);
        assertTrue(out.contains("kerberos context class:"), out);
        assertFalse(out.contains("NoClassDefFoundError"), out);
    }

    private static void assertQuiet(String out) {
        assertFalse(out.contains("SLF4J"), out);
        assertFalse(out.contains("Exception"), out);
        assertFalse(out.contains("WARNING"), out);
    }

    /**
     * Runs src/test/resources/bundle/BundleProbe.java as a single-file program in a new JVM whose only JNegotiate
     * code is the agent jar (no class path at all), or, without an agent, what {@code jvmArgs} add.
     */
    private static String runProbe(Path agent, Map<String, String> env, List<String> jvmArgs, String... args)
            throws Exception {
        Path probe = Path.of("src", "test", "resources", "bundle", "BundleProbe.java")
                .toAbsolutePath();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent != null) {
            cmd.add("-javaagent:" + agent.toAbsolutePath());
        }
        cmd.addAll(jvmArgs);
        cmd.add(probe.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment()
                .put("KRB5CCNAME", "FILE:" + Path.of("target", "no-such-ccache").toAbsolutePath());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM timed out");
        String out = String.join(" ", cmd) + "\n" + new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
