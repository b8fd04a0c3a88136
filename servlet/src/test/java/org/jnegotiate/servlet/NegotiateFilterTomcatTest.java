package org.jnegotiate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NegotiateFilter} configured by init parameters in embedded Tomcat 11, driven over raw sockets by JNegotiate's
 * own NTLM initiator (the conformance suite brings the foreign clients and Kerberos): every leg's exact status and
 * headers, the user the application sees, and that no 400/401 leg reaches the application.
 */
class NegotiateFilterTomcatTest {
    @TempDir
    static Path dir;

    static Path users;

    private static Map<String, String> params(String... more) {
        Map<String, String> p = new HashMap<>();
        p.put("mechanisms", "ntlm");
        p.put("ntlmUserFile", users.toString());
        p.put("ntlmServiceNames", "HTTP/localhost");
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    private static TomcatWithFilter server;

    private static EngineClient bob(MechOid mechanism) throws Exception {
        return EngineClient.ntlm(mechanism, "JNEGOTIATE\\bob", "B0b-secret");
    }

    /** A 401 with the plain challenge and nothing else: no credentials, or a refused logon. */
    private static void assertChallenged(RawHttp.Response r, String... why) {
        assertEquals(401, r.status(), String.join(" ", why));
        assertEquals(List.of("Negotiate"), r.all("WWW-Authenticate"), String.join(" ", why));
    }

    @BeforeAll
    static void start() throws Exception {
        users = dir.resolve("ntlm-users");
        Files.writeString(users, "JNEGOTIATE:bob:B0b-secret\n");
        server = new TomcatWithFilter(params());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void noCredentialsIs401WithTheChallengeAndNeverReachesTheApplication() throws Exception {
        int before = server.applicationCalls.get();
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.get("/");
            assertChallenged(r);
            r = http.get("/", "Authorization: Basic Ym9iOkIwYi1zZWNyZXQ=");
            assertChallenged(r, "another scheme is not ours: the challenge again");
        }
        assertEquals(before, server.applicationCalls.get());
    }

    @Test
    void rawNtlmsspInNegotiateLogsOnTheNtlmUser() throws Exception {
        int before = server.applicationCalls.get();
        try (RawHttp http = new RawHttp(server.port())) {
            EngineClient client = bob(MechOid.NTLM);
            RawHttp.Response challenge = http.get("/", "Authorization: Negotiate " + client.next(null));
            assertEquals(401, challenge.status());
            String value = challenge.first("WWW-Authenticate");
            byte[] token = Base64.getDecoder().decode(value.substring("Negotiate ".length()));
            assertEquals(
                    "NTLMSSP\0", new String(token, 0, 8, StandardCharsets.US_ASCII), "the raw CHALLENGE comes back");
            assertEquals(2, token[8], "CHALLENGE_MESSAGE");
            assertEquals(before, server.applicationCalls.get(), "the 401 leg never reached the application");
            RawHttp.Response ok = http.get("/", "Authorization: Negotiate " + client.next(value));
            assertEquals(200, ok.status());
            assertEquals("JNEGOTIATE\\bob|NTLM|NTLM|Negotiate", ok.body());
            assertNull(ok.first("WWW-Authenticate"), "raw NTLM has no final token");
        }
        assertEquals(before + 1, server.applicationCalls.get());
    }

    @Test
    void ntlmInsideSpnegoTakesThreeLegsAndEndsWithTheMechListMic() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            EngineClient client = bob(MechOid.SPNEGO);
            RawHttp.Response challenge = http.get("/", "Authorization: Negotiate " + client.next(null));
            assertEquals(401, challenge.status());
            RawHttp.Response ok =
                    http.get("/", "Authorization: Negotiate " + client.next(challenge.first("WWW-Authenticate")));
            assertEquals(200, ok.status());
            assertEquals("JNEGOTIATE\\bob|NTLM|NTLM|Negotiate", ok.body());
            String last = ok.first("WWW-Authenticate");
            assertTrue(
                    last != null && last.startsWith("Negotiate "),
                    "the 200 carries SPNEGO's accept-completed: " + last);
            client.finish(last);
            assertTrue(client.established(), "the client verified the server's mechListMIC");
        }
    }

    @Test
    void wrongPasswordIs401WithAFreshChallengeAndNoUser() throws Exception {
        int before = server.applicationCalls.get();
        try (RawHttp http = new RawHttp(server.port())) {
            EngineClient client = EngineClient.ntlm(MechOid.NTLM, "JNEGOTIATE\\bob", "wrong");
            RawHttp.Response challenge = http.get("/", "Authorization: Negotiate " + client.next(null));
            assertEquals(401, challenge.status());
            RawHttp.Response refused =
                    http.get("/", "Authorization: Negotiate " + client.next(challenge.first("WWW-Authenticate")));
            assertChallenged(refused);
            // the failed context is gone: the same AUTHENTICATE again meets a fresh acceptor, which refuses it too
            EngineClient good = bob(MechOid.NTLM);
            RawHttp.Response again = http.get("/", "Authorization: Negotiate " + good.next(null));
            assertEquals(401, again.status());
            assertEquals(
                    200,
                    http.get("/", "Authorization: Negotiate " + good.next(again.first("WWW-Authenticate")))
                            .status(),
                    "the connection can log on after a failure");
        }
        assertEquals(before + 1, server.applicationCalls.get());
    }

    @Test
    void theAuthenticateOnAnotherConnectionCompletesOnceOnly() throws Exception {
        int before = server.applicationCalls.get();
        try (RawHttp first = new RawHttp(server.port());
                RawHttp second = new RawHttp(server.port())) {
            EngineClient client = bob(MechOid.NTLM);
            RawHttp.Response challenge = first.get("/", "Authorization: Negotiate " + client.next(null));
            assertEquals(401, challenge.status());
            // the engine finishes NTLM handshakes this JVM began in any context (README "NTLM across stateless
            // acceptors"): a client whose second leg arrives on a new connection logs on ...
            String authenticate = client.next(challenge.first("WWW-Authenticate"));
            RawHttp.Response elsewhere = second.get("/", "Authorization: Negotiate " + authenticate);
            assertEquals(200, elsewhere.status());
            assertEquals(before + 1, server.applicationCalls.get());
            // ... once: the same AUTHENTICATE on the connection that got the CHALLENGE is a replay
            assertChallenged(first.get("/", "Authorization: Negotiate " + authenticate), "a replayed AUTHENTICATE");
        }
        assertEquals(before + 1, server.applicationCalls.get());
    }

    @Test
    void malformedHeadersAre400AndNeverReachTheApplication() throws Exception {
        int before = server.applicationCalls.get();
        String[][] requests = {
            {"Authorization: Negotiate"}, // no token
            {"Authorization: Negotiate    "}, // blanks only
            {"Authorization: Negotiate TlRM%%%"}, // not base64
            {"Authorization: Negotiate TlRMTVNTUAABAAAA=B"}, // padding inside
            {"Authorization: negotiate YQ== YQ=="}, // two tokens
            // 65536 bytes at most (jnegotiate.maxTokenSize), 87384 base64 characters: one more is refused undecoded
            {"Authorization: Negotiate " + "A".repeat(87_388)},
            {"Authorization: Negotiate " + "A".repeat(87_384)}, // 65538 bytes once decoded
            {"Authorization: Negotiate YQ==", "Authorization: Negotiate YQ=="}, // two Authorization headers
        };
        for (String[] headers : requests) {
            // Tomcat closes the connection after a 400: one connection each
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response r = http.get("/", headers);
                assertEquals(400, r.status(), headers[0].length() > 60 ? headers[0].substring(0, 60) : headers[0]);
                assertEquals(List.of(), r.all("WWW-Authenticate"));
            }
        }
        assertEquals(before, server.applicationCalls.get());
    }

    @Test
    void tokensTheEngineRefusesAre401NeverA500() throws Exception {
        int before = server.applicationCalls.get();
        String[] tokens = {
            Base64.getEncoder().encodeToString("garbage, but base64".getBytes(StandardCharsets.US_ASCII)),
            "oQMKAQE=", // NegTokenResp first (accept-incomplete): no exchange in progress
            "YIGAAAAA", // 0x60 framing with an overlong length
            "TlRMTVNTUAAB", // truncated NEGOTIATE_MESSAGE
            "TlRMTVNTUAADAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // AUTHENTICATE, no CHALLENGE
            "A".repeat(87_380) + "AA==", // 65536 zero bytes: the largest token, decoded and refused by the engine
        };
        try (RawHttp http = new RawHttp(server.port())) {
            for (String token : tokens) {
                RawHttp.Response r = http.get("/", "Authorization: Negotiate " + token);
                assertChallenged(r, token.length() > 60 ? token.substring(0, 60) : token);
            }
            // a garbled continuation ends the exchange in progress with a 401
            EngineClient client = bob(MechOid.NTLM);
            String challenge = http.get("/", "Authorization: Negotiate " + client.next(null))
                    .first("WWW-Authenticate");
            RawHttp.Response garbled = http.get("/", "Authorization: Negotiate TlRMTVNTUAADAAAA");
            assertChallenged(garbled);
            assertEquals(
                    401,
                    http.get("/", "Authorization: Negotiate " + client.next(challenge))
                            .status(),
                    "the garbled leg disposed the context: the right AUTHENTICATE now finds none");
        }
        assertEquals(before, server.applicationCalls.get());
    }

    @Test
    void theNtlmSchemeIsServedOnlyWhenConfigured() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            EngineClient client = bob(MechOid.NTLM);
            RawHttp.Response r = http.get("/", "Authorization: NTLM " + client.next(null));
            assertEquals(401, r.status());
            assertEquals(List.of("Negotiate"), r.all("WWW-Authenticate"), "NTLM is not offered by default");
        }
        try (TomcatWithFilter both = new TomcatWithFilter(params("schemes", "Negotiate, NTLM"));
                RawHttp http = new RawHttp(both.port())) {
            RawHttp.Response none = http.get("/");
            assertEquals(List.of("Negotiate", "NTLM"), none.all("WWW-Authenticate"));
            EngineClient client = bob(MechOid.NTLM);
            RawHttp.Response challenge = http.get("/", "Authorization: NTLM " + client.next(null));
            assertEquals(401, challenge.status());
            String value = challenge.first("WWW-Authenticate");
            assertTrue(value.startsWith("NTLM TlRMTVNTUAAC"), value);
            RawHttp.Response ok = http.get("/", "Authorization: NTLM " + client.next(value));
            assertEquals(200, ok.status());
            assertEquals("JNEGOTIATE\\bob|NTLM|NTLM|NTLM", ok.body());
            assertEquals(1, both.applicationCalls.get());
        }
    }

    @Test
    void requireKerberosOrMutualRefusesAnNtlmLogon() throws Exception {
        for (String require : new String[] {"kerberos", "mutual", "Kerberos,Mutual"}) {
            try (TomcatWithFilter strict = new TomcatWithFilter(params("require", require));
                    RawHttp http = new RawHttp(strict.port())) {
                EngineClient client = bob(MechOid.NTLM);
                RawHttp.Response challenge = http.get("/", "Authorization: Negotiate " + client.next(null));
                assertEquals(401, challenge.status());
                RawHttp.Response refused =
                        http.get("/", "Authorization: Negotiate " + client.next(challenge.first("WWW-Authenticate")));
                assertChallenged(refused, require);
                assertEquals(0, strict.applicationCalls.get());
            }
        }
    }
}
