package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.sspi.AscReq;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTP Negotiate against a server whose only authentication is the SSPI door's AcceptSecurityContext (package
 * Negotiate; {@link SspiNegotiateHttpServer}): raw NTLMSSP messages in {@code Authorization: Negotiate}, as some
 * Windows clients send them, from the SSPI door's own NTLM package and from gss-ntlmssp; and curl
 * {@code --negotiate} with a kinit ccache (MIT GSS-API, SPNEGO with Kerberos), a real HTTP client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SspiHttpServerConformanceTest {
    static final int ASC_REQ = AscReq.ASC_REQ_CONFIDENTIALITY
            | AscReq.ASC_REQ_INTEGRITY
            | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_SEQUENCE_DETECT;
    static final String NTLM_USER = SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER;

    SspiRealm realm;
    SspiNegotiateHttpServer server;

    @BeforeAll
    void start() {
        realm = SspiRealm.start();
        server = new SspiNegotiateHttpServer(realm.sspi(), ASC_REQ);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void sspiNtlmPackage_rawNtlmsspInNegotiateHeader_200WithUserName() throws Exception {
        try (SspiEndpoint client = SspiEndpoint.client(
                realm.sspi(),
                "NTLM",
                new SecWinntAuthIdentity(SspiRealm.USER, SspiRealm.NTLM_DOMAIN, SspiRealm.PASSWORD.toCharArray()),
                SspiRealm.SPN,
                IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_INTEGRITY)) {
            List<byte[]> challenges = new ArrayList<>();
            HttpResponse<String> ok = negotiate(in -> {
                if (in != null) {
                    challenges.add(in);
                }
                SspiEndpoint.Leg leg = client.step(in);
                SspiExchange.requireSuccess(client, leg);
                return leg.token();
            });

            assertEquals(200, ok.statusCode());
            assertEquals(NTLM_USER, ok.body());
            assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), client.statuses());
            assertEquals(1, challenges.size());
            assertTrue(isNtlmssp(challenges.get(0), 2), "the server answers a raw CHALLENGE_MESSAGE, as IIS does");
            assertTrue(ok.headers().firstValue("WWW-Authenticate").isEmpty(), "NTLM has no last server token");
            assertServerLegs(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"));
        }
    }

    @Test
    void gssNtlmsspRawNtlm_inNegotiateHeader_200WithUserName() throws Exception {
        try (GssPeer client = realm.mitInitiator(GssPeer.Mech.NTLM, true).start()) {
            HttpResponse<String> ok = negotiate(in -> {
                GssPeer.Step step = client.step(in == null ? new byte[0] : in);
                assertTrue(isNtlmssp(step.token(), in == null ? 1 : 3), "gss-ntlmssp sends raw NTLMSSP");
                return step.token();
            });

            assertEquals(200, ok.statusCode());
            assertEquals(NTLM_USER, ok.body());
            assertServerLegs(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"));
        }
    }

    @Test
    void curlNegotiate_kinitCcache_kerberos200WithUserNameAndMutualToken() throws Exception {
        Path ccache = realm.kinit();
        Path headers = realm.kdc.directory().resolve("curl-headers-" + System.nanoTime());
        String host = SspiRealm.HOST;
        List<String> argv = List.of(
                "/usr/bin/curl",
                "--silent",
                "--show-error",
                "--negotiate",
                "--user",
                ":",
                "--resolve",
                host + ":" + server.port() + ":127.0.0.1",
                "--dump-header",
                headers.toString(),
                "--write-out",
                "\n%{http_code}",
                "--max-time",
                "20",
                "http://" + host + ":" + server.port() + "/");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KRB5"));
        pb.environment().putAll(realm.kdc.clientEnvironment());
        pb.environment().put("KRB5CCNAME", "FILE:" + ccache);
        int before = server.requests().size();
        Process curl = pb.start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, curl.exitValue(), output);

        assertEquals(realm.principal(SspiRealm.USER) + "\n200", output.strip());
        List<SspiNegotiateHttpServer.Request> seen =
                server.requests().subList(before, server.requests().size());
        assertEquals(
                List.of("SEC_E_OK"),
                seen.stream()
                        .map(SspiNegotiateHttpServer.Request::status)
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                "one SPNEGO/Kerberos leg: " + seen);
        assertEquals(200, seen.get(seen.size() - 1).httpStatus());
        String last = Files.readAllLines(headers).stream()
                .filter(l -> l.regionMatches(true, 0, "WWW-Authenticate: Negotiate ", 0, 28))
                .reduce((a, b) -> b)
                .orElse(null);
        assertTrue(last != null && last.length() > 40, "the 200 carries the server's NegTokenResp with the AP-REP");
    }

    // ---- the client's header loop ----

    /** {@link NegotiateHeaderLoop} against this server; its log shows one connection for the whole exchange. */
    HttpResponse<String> negotiate(NegotiateHeaderLoop.TokenSource source) throws Exception {
        int before = server.requests().size();
        HttpResponse<String> response =
                new NegotiateHeaderLoop().authenticate(URI.create("http://127.0.0.1:" + server.port() + "/"), source);
        List<SspiNegotiateHttpServer.Request> seen =
                server.requests().subList(before, server.requests().size());
        assertEquals(
                1,
                seen.stream()
                        .skip(1)
                        .map(SspiNegotiateHttpServer.Request::clientPort)
                        .distinct()
                        .count(),
                "one connection for the whole exchange: " + seen);
        return response;
    }

    private void assertServerLegs(List<String> expected) {
        List<SspiNegotiateHttpServer.Request> all = server.requests();
        List<String> last = all.subList(all.size() - expected.size(), all.size()).stream()
                .map(SspiNegotiateHttpServer.Request::status)
                .toList();
        assertEquals(expected, last, "AcceptSecurityContext statuses: " + all);
    }

    static boolean isNtlmssp(byte[] token, int messageType) {
        return token.length > 12
                && new String(token, 0, 8, StandardCharsets.ISO_8859_1).equals("NTLMSSP\0")
                && token[8] == messageType;
    }
}
