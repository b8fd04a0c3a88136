package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo must run end to end and tell the whole story. */
class DemoCommandTest {

    @Test
    void demo_kerberos_negotiate_downgrade_fallback() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                new String[] {"demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        String[] parts = text.split("\n== ");
        assertEquals(6, parts.length, text);

        String krb5 = parts[1];
        assertTrue(krb5.startsWith("1. Kerberos v5"), krb5);
        assertTrue(krb5.contains("names    : alice@JNEGOTIATE.DEMO authenticated to HTTP@localhost"), krb5);
        assertTrue(krb5.contains("granted  : mutual=true conf=true integ=true"), krb5);
        assertTrue(krb5.contains("unwrapped \"hello from alice\" (privacy true)"), krb5);
        assertTrue(krb5.contains("unwrapped \"hello from the service\" (privacy true)"), krb5);

        String negotiate = parts[2];
        assertTrue(negotiate.contains("negotiated: MS_KERBEROS(1.2.840.48018.1.2.2)"), negotiate);
        assertTrue(negotiate.contains("granted  : mutual=true"), negotiate);

        String downgrade = parts[3];
        assertTrue(downgrade.contains("refused  : ") && downgrade.contains("downgrade detected"), downgrade);

        String fallback = parts[4];
        assertTrue(fallback.contains("KDC      : stopped"), fallback);
        assertTrue(fallback.contains("negotiated: NTLM(1.3.6.1.4.1.311.2.2.10)"), fallback);
        assertTrue(fallback.contains("names    : JNEGOTIATE\\alice authenticated"), fallback);
        assertTrue(fallback.contains("granted  : mutual=false conf=true"), fallback);
        assertTrue(fallback.contains("unwrapped \"hello from the service\" (privacy true)"), fallback);

        assertTrue(parts[5].startsWith("done: KDC stopped, temporary files removed"), parts[5]);
    }

    @Test
    void unknownCommand_exitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                new String[] {"frobnicate"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }
}
