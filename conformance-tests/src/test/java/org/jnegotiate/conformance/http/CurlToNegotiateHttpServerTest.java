package org.jnegotiate.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ietf.jgss.GSSException;
import org.jnegotiate.conformance.fixtures.Curl;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.jnegotiate.conformance.fixtures.JavaChild;
import org.jnegotiate.conformance.fixtures.JavaChild.Install;
import org.jnegotiate.conformance.fixtures.RawNtlmOverCurl;
import org.jnegotiate.conformance.fixtures.SambaNtlmClient;
import org.jnegotiate.mech.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * curl (MIT GSS-API; NTLM through gss-ntlmssp) against a plain {@code org.ietf.jgss} HTTP server whose
 * JVM gets JNegotiate from {@code -javaagent} alone: JNegotiate is the acceptor of Kerberos and of
 * NTLM inside SPNEGO.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlToNegotiateHttpServerTest {

    private static final String PATH = "/whoami";
    private HttpTestRealm realm;
    private NegotiateHttpServerProcess server;

    @BeforeAll
    void start() {
        realm = HttpTestRealm.start();
        JavaChild child = JavaChild.of(NegotiateHttpServer.class, Install.JAVA_AGENT)
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jnegotiate.ntlm.userFile", realm.ntlmUsers().toString())
                .jnegotiateDebugLog(realm.kdc().directory());
        server = NegotiateHttpServerProcess.start(
                child,
                realm.kdc().principal(HttpTestRealm.SERVICE),
                realm.serviceKeytab().toString());
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
    void javaAgent_server_putsJNegotiateFirst() {
        assertEquals("JNegotiate", server.firstProvider());
    }

    @Test
    void noAuthorization_server_answers401Negotiate() {
        Curl.Response response = Curl.get(HttpTestRealm.HOST, server.port(), PATH, Map.of(), List.of());
        assertEquals(401, response.status(), response.describe());
        assertEquals(Optional.of("Negotiate"), response.header("WWW-Authenticate"), response.describe());
    }

    @Test
    void kerberos_curlNegotiate_jnegotiateAcceptorAuthenticatesAlice() {
        int mark = server.logMark();
        Curl.Response response = Curl.negotiate(HttpTestRealm.HOST, server.port(), PATH, ":", realm.aliceKerberosEnv());
        String log = server.awaitLog(mark, ChildOutput.JNEGOTIATE_KRB5_ACCEPTOR);
        assertEquals(200, response.status(), response.describe() + log);
        assertEquals(Optional.of(realm.alice()), response.header("X-Remote-User"), response.describe());
        assertTrue(response.body().startsWith("user=" + realm.alice() + "\n"), response.describe());
        assertTrue(log.contains(ChildOutput.JNEGOTIATE_KRB5_ACCEPTOR), log);
    }

    @Test
    void kerberos_curlNegotiate_200CarriesTheMutualAuthenticationToken() {
        Curl.Response response = Curl.negotiate(HttpTestRealm.HOST, server.port(), PATH, ":", realm.aliceKerberosEnv());
        assertEquals(200, response.status(), response.describe() + server.log());
        String header = response.header("WWW-Authenticate").orElse("");
        assertTrue(header.startsWith("Negotiate "), response.describe());
        String token = HexFormat.of().formatHex(Base64.getDecoder().decode(header.substring("Negotiate ".length())));
        // NegTokenResp [1], negState [0] ENUMERATED accept-completed (0) ...
        assertTrue(token.startsWith("a1"), token);
        assertTrue(token.contains("a0030a0100"), token);
        // ... and a responseToken holding a Kerberos AP-REP: TOK_ID 02 00, then [APPLICATION 15]
        assertTrue(token.contains("02006f"), token);
    }

    /**
     * curl names the service by the URL's host, so this ticket is for a service whose key the server
     * lacks: JNegotiate's acceptor refuses it with NO_CREDENTIALS (KerberosAcceptor's documented failure
     * for "no key for the ticket's server").
     */
    @Test
    void kerberos_ticketForAnotherService_jnegotiateRefusesWithNoCredentials() {
        Curl.Response response =
                Curl.negotiate(HttpTestRealm.OTHER_HOST, server.port(), PATH, ":", realm.aliceKerberosEnv());
        assertEquals(401, response.status(), response.describe() + server.log());
        assertTrue(
                response.body().startsWith("gss-major=" + Failure.NO_CREDENTIALS.gssMajor() + "\n"),
                response.describe());
        assertTrue(
                response.body()
                        .contains("HTTP/" + HttpTestRealm.OTHER_HOST + "@"
                                + realm.kdc().realm()),
                response.describe());
    }

    @Test
    void ntlmInSpnego_curlNegotiate_jnegotiateAcceptorAuthenticatesBob() {
        Curl.Response response = Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                PATH,
                HttpTestRealm.BOB + ":" + HttpTestRealm.BOB_PASSWORD,
                realm.bobNtlmEnv());
        String bob = HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB;
        assertEquals(200, response.status(), response.describe() + server.log());
        assertEquals(401, response.statuses().get(0), response.describe());
        assertEquals(Optional.of(bob), response.header("X-Remote-User"), response.describe());
        assertTrue(response.body().startsWith("user=" + bob + "\n"), response.describe());
        String established = "org.jnegotiate.ntlm: NTLM acceptor established for " + bob;
        String log = server.awaitLog(0, established);
        assertTrue(log.contains(established), log);
    }

    @Test
    void ntlmInSpnego_wrongPassword_jnegotiateRefusesWithLogonDenied() {
        Curl.Response response = Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                PATH,
                HttpTestRealm.BOB + ":not-the-password",
                realm.bobNtlmEnv("not-the-password"));
        assertEquals(401, response.status(), response.describe() + server.log());
        assertEquals(Optional.empty(), response.header("X-Remote-User"), response.describe());
        assertTrue(
                response.body().startsWith("gss-major=" + Failure.LOGON_DENIED.gssMajor() + "\n"), response.describe());
    }

    /**
     * Some Windows clients put a bare NTLMSSP message in a "Negotiate" header. The JDK's GSS framework requires the
     * RFC 2743 0x60 framing on the first token; the agent's patch (JdkFramingPatch) lets this one through to
     * JNegotiate's SPNEGO acceptor, which answers with a bare NTLMSSP CHALLENGE.
     */
    @Test
    void rawNtlmsspInNegotiateHeader_agentPatch_jnegotiateAnswersWithARawChallenge() {
        Curl.Response response = RawNtlmOverCurl.send(HttpTestRealm.HOST, server.port(), PATH, rawNtlmNegotiate());
        assertEquals(401, response.status(), response.describe());
        String header = response.header("WWW-Authenticate").orElse("");
        assertTrue(header.startsWith("Negotiate "), response.describe());
        byte[] token = Base64.getDecoder().decode(header.substring("Negotiate ".length()));
        // "NTLMSSP\0", MessageType 2 (CHALLENGE_MESSAGE)
        assertTrue(HexFormat.of().formatHex(token).startsWith("4e544c4d5353500002000000"), header);
    }

    /**
     * Samba's ntlm_auth as a raw NTLM client, each leg on a new connection (so a new context of this server): the
     * second context finishes the handshake the first began (NTLM across stateless acceptors).
     */
    @Test
    void rawNtlm_ntlmAuthClient_newContextPerLeg_authenticatesBob() {
        String bob = HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB;
        try (SambaNtlmClient client =
                new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, HttpTestRealm.BOB_PASSWORD)) {
            List<Curl.Response> legs = RawNtlmOverCurl.exchange(HttpTestRealm.HOST, server.port(), PATH, client);
            Curl.Response last = legs.get(legs.size() - 1);
            assertEquals(2, legs.size(), last.describe() + server.log());
            assertEquals(200, last.status(), last.describe() + server.log());
            assertEquals(Optional.of(bob), last.header("X-Remote-User"), last.describe());
            String log = server.awaitLog(0, "NTLM acceptor resumes the handshake");
            assertTrue(log.contains("NTLM acceptor resumes the handshake"), log);
        }
    }

    @Test
    void rawNtlm_wrongPassword_logonDenied() {
        try (SambaNtlmClient client = new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, "not-it")) {
            List<Curl.Response> legs = RawNtlmOverCurl.exchange(HttpTestRealm.HOST, server.port(), PATH, client);
            Curl.Response last = legs.get(legs.size() - 1);
            assertEquals(2, legs.size(), last.describe());
            assertEquals(401, last.status(), last.describe());
            assertEquals(Optional.empty(), last.header("X-Remote-User"), last.describe());
            assertTrue(last.body().startsWith("gss-major=" + Failure.LOGON_DENIED.gssMajor() + "\n"), last.describe());
        }
    }

    /** jnegotiate.agent.unframedTokens=false: the agent leaves the JDK as it is, which refuses the bare token. */
    @Test
    void rawNtlmssp_patchSwitchedOff_jdkFrameworkRejectsAsDefectiveToken() {
        JavaChild child = JavaChild.of(NegotiateHttpServer.class, Install.JAVA_AGENT)
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jnegotiate.ntlm.userFile", realm.ntlmUsers().toString())
                .property("jnegotiate.agent.unframedTokens", "false");
        try (NegotiateHttpServerProcess unpatched = NegotiateHttpServerProcess.start(
                child,
                realm.kdc().principal(HttpTestRealm.SERVICE),
                realm.serviceKeytab().toString())) {
            Curl.Response response =
                    RawNtlmOverCurl.send(HttpTestRealm.HOST, unpatched.port(), PATH, rawNtlmNegotiate());
            assertEquals(401, response.status(), response.describe());
            assertTrue(
                    response.body().startsWith("gss-major=" + GSSException.DEFECTIVE_TOKEN + "\n"),
                    response.describe());
            assertTrue(response.body().contains("GSSHeader did not find the right tag"), response.describe());
        }
    }

    /** A 32-byte NTLMSSP NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1) without the SPNEGO/RFC 2743 wrapping. */
    private static byte[] rawNtlmNegotiate() {
        return HexFormat.of()
                .parseHex("4e544c4d5353500001000000" + "978208e2" + "0000000000000000" + "0000000000000000");
    }
}
