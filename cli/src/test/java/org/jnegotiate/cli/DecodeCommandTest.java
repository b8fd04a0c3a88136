package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DecodeCommandTest {
    private static final Path CORPUS =
            Path.of(System.getProperty("jnegotiate.corpus", "../provider/src/test/resources/corpus"));

    private static String decode(String arg, String stdin) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new DecodeCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)))
                .run(new String[] {arg});
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path corpus(String name) {
        Path p = CORPUS.resolve(name);
        assertTrue(Files.isRegularFile(p), "corpus file missing: " + p);
        return p;
    }

    @Test
    void msKrb5FirstToken_showsMsKerberosFirst_andTheNestedApReq() throws Exception {
        String text = decode("@" + corpus("jnegotiate/ms-krb5-first-negtokeninit.bin"), "");
        assertTrue(text.contains("mechanism SPNEGO(1.3.6.1.5.5.2)"), text);
        assertTrue(
                text.contains("mechTypes: MS_KERBEROS(1.2.840.48018.1.2.2), KERBEROS(1.2.840.113554.1.2.2), "
                        + "NEGOEX(1.3.6.1.4.1.311.2.2.30), NTLM(1.3.6.1.4.1.311.2.2.10)"),
                text);
        assertTrue(text.contains("mechToken: 536 bytes"), text);
        assertTrue(text.contains("Kerberos AP-REQ (RFC 4120 5.5.1), mutual-required"), text);
    }

    @Test
    void httpHeaderValue_fromStdin_decodesNtlmChallenge() throws Exception {
        byte[] challenge = Files.readAllBytes(corpus("pyspnego/ntlm_challenge.bin"));
        String header = "WWW-Authenticate: Negotiate " + Base64.getEncoder().encodeToString(challenge);
        String text = decode("-", header);
        assertTrue(text.startsWith("NTLM CHALLENGE_MESSAGE[flags=0xe2898235"), text);
        assertTrue(text.contains("targetName=DOMAIN"), text);
    }

    @Test
    void negTokenResp_inHex_showsAcceptCompletedAndApRep() throws Exception {
        byte[] resp = Files.readAllBytes(corpus("pyspnego/neg_token_resp.bin"));
        String text = decode(java.util.HexFormat.of().formatHex(resp), "");
        assertTrue(text.contains("negState: ACCEPT_COMPLETED"), text);
        assertTrue(text.contains("Kerberos AP-REP (RFC 4120 5.5.2): enc-part etype 18"), text);
    }

    @Test
    void truncatedToken_isReportedInvalid_notThrown() throws Exception {
        byte[] init = Files.readAllBytes(corpus("jnegotiate/ms-krb5-first-negtokeninit.bin"));
        String text = decode(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(init, 40)), "");
        assertTrue(text.contains("INVALID: invalid token"), text);
    }

    @Test
    void neitherHexNorBase64_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                new String[] {"decode", "not base64 !"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("neither hex nor base64"), err.toString());
    }
}
