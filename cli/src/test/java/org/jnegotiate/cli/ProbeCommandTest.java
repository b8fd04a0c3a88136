package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The probe's command line and its failures without a server; what it prints against real servers is checked in
 * conformance-tests ({@code http/NegotiateHttpClientsConformanceTest}, against mod_auth_gssapi and a JNegotiate
 * acceptor).
 */
class ProbeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noUrl_usage_exit2() {
        assertEquals(2, run("probe"));
        assertTrue(err().contains("usage: jnegotiate probe [--user DOMAIN\\user|user@REALM"), err());
    }

    @Test
    void notHttpUrl_exit2() {
        assertEquals(2, run("probe", "ftp://example.test/"));
        assertTrue(err().contains("not an http or https URL: ftp://example.test/"), err());
    }

    @Test
    void unknownOption_exit2() {
        assertEquals(2, run("probe", "--verbose", "http://example.test/"));
        assertTrue(err().contains("unexpected '--verbose'"), err());
    }

    @Test
    void optionWithoutValue_exit2() {
        assertEquals(2, run("probe", "http://example.test/", "--spn"));
        assertTrue(err().contains("--spn needs a value"), err());
    }

    @Test
    void twoUrls_exit2() {
        assertEquals(2, run("probe", "http://a.test/", "http://b.test/"));
        assertTrue(err().contains("unexpected 'http://b.test/'"), err());
    }

    @Test
    void nothingListening_exit1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("probe", "http://127.0.0.1:" + port + "/"));
        assertTrue(err().contains("jnegotiate probe failed: java.net.ConnectException"), err());
    }

    @Test
    void usageLists_probe() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  probe URL"));
    }

    @Test
    void oneLine_decodeLinesJoined() {
        // a NegTokenResp accept-completed with supportedMech Kerberos, as servers end an exchange
        byte[] token = Base64.getDecoder().decode("oRQwEqADCgEAoQsGCSqGSIb3EgECAg==");
        assertEquals(
                "NegTokenResp > negState: ACCEPT_COMPLETED > supportedMech: KERBEROS(1.2.840.113554.1.2.2)",
                ProbeCommand.oneLine(token));
    }
}
