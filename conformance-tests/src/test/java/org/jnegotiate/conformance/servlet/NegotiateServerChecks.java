package org.jnegotiate.conformance.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.Curl;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.jnegotiate.conformance.fixtures.JavaChild;
import org.jnegotiate.conformance.fixtures.JavaChild.Install;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.SambaNtlmClient;
import org.jnegotiate.conformance.http.HttpUrlConnectionClient;
import org.jnegotiate.conformance.sspi.NegotiateHeaderLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One web server with JNegotiate's filter (or its Spring Security integration) against every kind of client: curl
 * {@code --negotiate} with alice's Kerberos ticket (MIT GSS-API), curl with gss-ntlmssp (NTLM inside SPNEGO), Samba's
 * {@code ntlm_auth} as a raw NTLMSSP client in {@code Authorization: Negotiate}, the JDK's {@code HttpURLConnection}
 * with JNegotiate as its agent (Kerberos, and NTLM by fallback), and wrong passwords. Each success checks the user
 * name and the mechanism the application saw; each refusal checks the status and that the application never ran.
 * Subclasses start the server ({@link #start}) on the realm's keytab and users file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NegotiateServerChecks {
    static final String BOB = HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB;

    HttpTestRealm realm;
    NegotiateServer server;

    /** Starts the server with these filter parameters on {@code /app/*} and on {@code /krb/*}. */
    abstract NegotiateServer start(HttpTestRealm realm, Map<String, String> app, Map<String, String> kerberosOnly);

    /** The last field the application answers after user and mechanism: the scheme, or Spring's authority. */
    abstract String expectedThirdField();

    @BeforeAll
    void startServer() {
        realm = HttpTestRealm.start();
        JvmKrb5Conf.use(realm.kdc());
        String principal = realm.kdc().principal(HttpTestRealm.SERVICE);
        String keytab = realm.serviceKeytab().toString();
        String users = realm.ntlmUsers().toString();
        server = start(
                realm,
                NegotiateServer.filterParameters(principal, keytab, users, "kerberos,ntlm"),
                NegotiateServer.filterParameters(principal, keytab, users, "!ntlm"));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    private String expected(String user, String mechanism) {
        return user + "|" + mechanism + "|" + expectedThirdField();
    }

    @Test
    void noCredentials_401WithTheNegotiateChallenge() {
        int calls = server.applicationCalls();
        Curl.Response response = Curl.get(HttpTestRealm.HOST, server.port(), NegotiateServer.APP, Map.of(), List.of());
        assertEquals(401, response.status(), response.describe());
        assertEquals(List.of("Negotiate"), response.headers().get("www-authenticate"), response.describe());
        assertEquals(calls, server.applicationCalls());
    }

    @Test
    void kerberos_curlNegotiate_aliceWithTheMutualAuthenticationToken() {
        Curl.Response response =
                Curl.negotiate(HttpTestRealm.HOST, server.port(), NegotiateServer.APP, ":", realm.aliceKerberosEnv());
        assertEquals(200, response.status(), response.describe());
        assertEquals(List.of(200), response.statuses(), "curl sends its ticket at once: one leg");
        assertEquals(expected(realm.alice(), "KERBEROS"), response.body(), response.describe());
        assertEquals(Optional.of(realm.alice()), response.header("X-Remote-User"), response.describe());
        String token = response.header("WWW-Authenticate")
                .orElseThrow(() -> new AssertionError("no final token on the 200: " + response.describe()));
        // NegTokenResp (a1) accept-completed (a0 03 0a 01 00) with the Kerberos AP-REP (0x6f) in its responseToken
        String hex =
                java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(token.substring(10)));
        assertTrue(
                token.startsWith("Negotiate ")
                        && hex.startsWith("a1")
                        && hex.contains("a0030a0100")
                        && hex.contains("02006f"),
                token + " = " + hex);
    }

    @Test
    void ntlmInSpnego_curlWithGssNtlmssp_bob() {
        Curl.Response response = Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                NegotiateServer.APP,
                HttpTestRealm.BOB + ":" + HttpTestRealm.BOB_PASSWORD,
                realm.bobNtlmEnv());
        assertEquals(200, response.status(), response.describe());
        assertEquals(401, response.statuses().get(0), "the CHALLENGE leg: " + response.describe());
        assertEquals(expected(BOB, "NTLM"), response.body(), response.describe());
    }

    @Test
    void ntlmInSpnego_wrongPassword_401AndTheApplicationNeverRuns() {
        int calls = server.applicationCalls();
        Curl.Response response = Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                NegotiateServer.APP,
                HttpTestRealm.BOB + ":not-the-password",
                realm.bobNtlmEnv("not-the-password"));
        assertEquals(401, response.status(), response.describe());
        assertEquals(Optional.empty(), response.header("X-Remote-User"), response.describe());
        assertEquals("", response.body(), response.describe());
        assertEquals(List.of("Negotiate"), response.headers().get("www-authenticate"), response.describe());
        assertEquals(calls, server.applicationCalls());
    }

    @Test
    void rawNtlmssp_sambaNtlmAuth_bob() throws Exception {
        try (SambaNtlmClient samba =
                new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, HttpTestRealm.BOB_PASSWORD)) {
            byte[][] challenge = new byte[1][];
            HttpResponse<String> response = new NegotiateHeaderLoop()
                    .authenticate(appUri(NegotiateServer.APP), token -> {
                        if (token != null) {
                            challenge[0] = token;
                        }
                        return samba.next(token);
                    });
            assertEquals(200, response.statusCode(), response.headers() + " " + response.body());
            assertEquals(expected(BOB, "NTLM"), response.body());
            assertEquals(
                    "NTLMSSP\0\2",
                    new String(challenge[0], 0, 9, java.nio.charset.StandardCharsets.US_ASCII),
                    "the server answered the raw NEGOTIATE_MESSAGE with a raw CHALLENGE_MESSAGE");
        }
    }

    @Test
    void rawNtlmssp_sambaNtlmAuthWrongPassword_401() throws Exception {
        int calls = server.applicationCalls();
        try (SambaNtlmClient samba = new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, "wrong")) {
            HttpResponse<String> response =
                    new NegotiateHeaderLoop().authenticate(appUri(NegotiateServer.APP), samba::next);
            assertEquals(401, response.statusCode(), response.headers() + " " + response.body());
            assertEquals(List.of("Negotiate"), response.headers().allValues("WWW-Authenticate"));
        }
        assertEquals(calls, server.applicationCalls());
    }

    @Test
    void kerberos_httpUrlConnectionWithJNegotiateAgent_alice() {
        CommandResult result = client(NegotiateServer.APP)
                .env("KRB5CCNAME", "FILE:" + realm.aliceCcache())
                .run();
        assertEquals("status=200", line(result, "status="), result.describe());
        assertEquals("body=" + expected(realm.alice(), "KERBEROS"), line(result, "body="), result.describe());
    }

    @Test
    void ntlmFallback_httpUrlConnectionWithJNegotiateAgent_bob() {
        CommandResult result = client(NegotiateServer.APP)
                .env("KRB5CCNAME", "FILE:" + realm.noCcache())
                .property("jnegotiate.ntlm.userFile", realm.ntlmUsers().toString())
                .run();
        assertEquals("status=200", line(result, "status="), result.describe());
        assertEquals("body=" + expected(BOB, "NTLM"), line(result, "body="), result.describe());
    }

    @Test
    void notNtlm_ntlmClientsAreRefusedAndKerberosServed() throws Exception {
        int calls = server.applicationCalls();
        Curl.Response ntlm = Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                NegotiateServer.KERBEROS_ONLY,
                HttpTestRealm.BOB + ":" + HttpTestRealm.BOB_PASSWORD,
                realm.bobNtlmEnv());
        assertEquals(401, ntlm.status(), ntlm.describe());
        try (SambaNtlmClient samba =
                new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, HttpTestRealm.BOB_PASSWORD)) {
            HttpResponse<String> raw =
                    new NegotiateHeaderLoop().authenticate(appUri(NegotiateServer.KERBEROS_ONLY), samba::next);
            assertEquals(401, raw.statusCode(), raw.headers() + " " + raw.body());
        }
        assertEquals(calls, server.applicationCalls());
        Curl.Response kerberos = Curl.negotiate(
                HttpTestRealm.HOST, server.port(), NegotiateServer.KERBEROS_ONLY, ":", realm.aliceKerberosEnv());
        assertEquals(200, kerberos.status(), kerberos.describe());
        assertEquals(expected(realm.alice(), "KERBEROS"), kerberos.body(), kerberos.describe());
    }

    private URI appUri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private JavaChild client(String path) {
        return JavaChild.of(HttpUrlConnectionClient.class, Install.JAVA_AGENT)
                .args("http://" + HttpTestRealm.HOST + ":" + server.port() + path)
                .property("javax.security.auth.useSubjectCredsOnly", "false")
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jdk.net.hosts.file", realm.hostsFile().toString());
    }

    private static String line(CommandResult result, String prefix) {
        return result.stdout()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElse("(no " + prefix + ")");
    }
}
