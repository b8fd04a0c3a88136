package org.jnegotiate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;

class JNegotiateProviderTest {

    @Test
    void withExport_registersExactlyTheEngineMechanisms() {
        JNegotiateProvider p = new JNegotiateProvider();
        for (MechOid oid : MechOid.values()) {
            boolean expected =
                    Engine.system().oids().contains(oid) && oid != MechOid.NEGOEX && oid != MechOid.KERBEROS_U2U;
            assertEquals(expected, p.getProperty("GssApiMechanism." + oid.dotted()) != null, oid.toString());
        }
    }

    @Test
    void install_putsProviderFirst_andIsIdempotent() {
        try {
            JNegotiateProvider.install();
            JNegotiateProvider.install();
            assertEquals(JNegotiateProvider.NAME, Security.getProviders()[0].getName());
            long count = java.util.Arrays.stream(Security.getProviders())
                    .filter(x -> x.getName().equals(JNegotiateProvider.NAME))
                    .count();
            assertEquals(1, count);
        } finally {
            Security.removeProvider(JNegotiateProvider.NAME);
        }
    }

    /** Runs {@link WithoutExportProbe} in a JVM started without --add-exports. */
    @Test
    void withoutExport_registersNothing_andNamesTheMissingFlag() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), WithoutExportProbe.class.getName()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "probe JVM timed out");
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("registered=false"), out);
        // the logged warning and the exception both name the exact flag
        String flag = "--add-exports java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED";
        assertTrue(out.contains("WARNING") && out.indexOf(flag) != out.lastIndexOf(flag), out);
        assertTrue(out.contains("install: IllegalStateException: JNegotiate cannot plug into"), out);
        assertFalse(out.contains("IllegalAccessError"), out);
    }

    /** Entry point of the child JVM. */
    public static final class WithoutExportProbe {
        public static void main(String[] args) throws IOException {
            JNegotiateProvider p = new JNegotiateProvider();
            System.out.println("registered=" + p.gssMechanismsRegistered());
            try {
                JNegotiateProvider.install();
                System.out.println("install: succeeded");
            } catch (IllegalStateException e) {
                System.out.println("install: IllegalStateException: " + e.getMessage());
            }
            System.out.flush();
        }
    }
}
