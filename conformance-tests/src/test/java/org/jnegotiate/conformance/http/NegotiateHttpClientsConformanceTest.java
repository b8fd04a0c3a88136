package org.jnegotiate.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.ApacheHttpd;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateExchange;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.TlsServerEndPoint;
import org.jnegotiate.sspi.SecurityPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each HTTP client with JNegotiate's adapter ({@link HttpClientDriver}: java.net.http, Apache HttpClient 5 classic and
 * async, OkHttp) against Apache httpd with mod_auth_gssapi (MIT GSS-API; NTLM through gss-ntlmssp) and against a JDK
 * HttpServer whose acceptor is JNegotiate ({@link JNegotiateHttpServer}): Kerberos with the server's final token
 * verified (mutual authentication), NTLM fallback over two legs, a server that sends no final token (refused when
 * mutual authentication is required, unverified otherwise), NTLM refused when mutual authentication is required, and
 * HTTPS with channel bindings against an acceptor that requires them (the server's own certificate passes; a server
 * presenting another certificate fails with SEC_E_BAD_BINDINGS).
 *
 * <p>The clients run in the test JVM on engines of their own (krb5.conf of the test realm, alice's ccache as
 * KRB5CCNAME, or no ccache and bob in the NTLM users file); they reach 127.0.0.1 and ask for
 * {@code HTTP@www.jnegotiate.test} by the SPN override.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NegotiateHttpClientsConformanceTest {
    static final String SPN = "HTTP@" + HttpTestRealm.HOST;

    HttpTestRealm realm;
    ApacheHttpd apache;
    Engine kerberosClient;
    Engine ntlmClient;
    Engine acceptor;
    JNegotiateHttpServer server;
    JNegotiateHttpServer noFinalToken;
    TestCertificates certificates;
    JNegotiateHttpServer httpsBound;
    JNegotiateHttpServer httpsRelayed;
    HttpClientDriver.Tls tls;

    @BeforeAll
    void start() throws Exception {
        realm = HttpTestRealm.start();
        apache = ApacheHttpd.builder()
                .keytab(realm.serviceKeytab())
                .krb5Conf(realm.kdc().krb5Conf())
                .ntlmUserFile(realm.ntlmUsers())
                .start();
        kerberosClient = clientEngine(realm.aliceCcache(), null);
        ntlmClient = clientEngine(realm.noCcache(), realm.ntlmUsers());
        acceptor = Engine.create(NegotiateConfig.builder()
                .krb5Conf(realm.kdc().krb5Conf())
                .environment(Map.of("KRB5_KTNAME", "FILE:" + realm.serviceKeytab()))
                .ntlmUserFile(realm.ntlmUsers())
                .ntlmServiceNames(List.of(HttpTestRealm.SERVICE))
                .build());
        server = JNegotiateHttpServer.builder(acceptor).start();
        noFinalToken =
                JNegotiateHttpServer.builder(acceptor).withoutFinalToken().start();
        certificates = TestCertificates.load();
        tls = new HttpClientDriver.Tls(certificates.client(), certificates.trustManager());
        httpsBound = JNegotiateHttpServer.builder(acceptor)
                .https(certificates.server())
                .channelBindings(TlsServerEndPoint.bindings(certificates.serverCertificate()))
                .start();
        // the acceptor expects the bindings of its own certificate, but the client's TLS ends at another one
        httpsRelayed = JNegotiateHttpServer.builder(acceptor)
                .https(certificates.other())
                .channelBindings(TlsServerEndPoint.bindings(certificates.serverCertificate()))
                .start();
    }

    private Engine clientEngine(Path ccache, Path ntlmUsers) {
        NegotiateConfig.Builder b = NegotiateConfig.builder()
                .useSubjectCredsOnly(false)
                .environment(Map.of("KRB5CCNAME", "FILE:" + ccache))
                .krb5Conf(realm.kdc().krb5Conf());
        if (ntlmUsers != null) {
            b.ntlmUserFile(ntlmUsers);
        }
        return Engine.create(b.build());
    }

    private NegotiateAuth.Builder kerberos() {
        return NegotiateAuth.builder().engine(kerberosClient).spn(SPN);
    }

    private NegotiateAuth.Builder ntlm() {
        return NegotiateAuth.builder().engine(ntlmClient).spn(SPN);
    }

    private URI apache(String location) {
        return URI.create("http://127.0.0.1:" + apache.port() + location + ApacheHttpd.RESOURCE);
    }

    private static URI local(JNegotiateHttpServer s, String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + s.port() + "/whoami");
    }

    private static void assertVerified(HttpClientDriver.Outcome o, String user, SecurityPackage pkg) {
        assertEquals(Optional.empty(), o.failure(), "no client failure");
        assertEquals(200, o.status());
        assertEquals(Optional.of(user), o.remoteUser());
        assertNotNull(o.exchange(), "the exchange ran");
        assertEquals(Optional.of(pkg), o.exchange().negotiatedPackage());
        assertEquals(
                pkg == SecurityPackage.KERBEROS
                        ? NegotiateExchange.Result.AUTHENTICATED_VERIFIED
                        : NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED,
                o.exchange().result(),
                o.exchange().reason());
    }

    private static void assertFailed(HttpClientDriver.Outcome o, Failure failure) {
        assertTrue(o.failure().isPresent(), "expected " + failure + ", got status " + o.status());
        assertEquals(
                Optional.of(failure),
                o.failure().get().failure(),
                o.failure().get().getMessage());
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void apache_kerberos_finalTokenVerified(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                apache(ApacheHttpd.KRB5), kerberos().requireMutualAuth(true).build(), null);
        assertVerified(o, realm.alice(), SecurityPackage.KERBEROS);
        assertEquals(List.of(401, 200), statuses(o.exchange()), "one leg: the AP-REQ, then the 200 with the AP-REP");
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void apache_ntlmFallback_twoLegsThenFinalToken(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(apache(ApacheHttpd.NEGOTIATE), ntlm().build(), null);
        assertVerified(o, HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB, SecurityPackage.NTLM);
        assertEquals(List.of(401, 401, 200), statuses(o.exchange()), "NEGOTIATE, AUTHENTICATE, accept-completed");
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void apache_ntlmWhileMutualRequired_mutualAuthFailed(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                apache(ApacheHttpd.NEGOTIATE), ntlm().requireMutualAuth(true).build(), null);
        assertFailed(o, Failure.MUTUAL_AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void jnegotiate_kerberos_finalTokenVerified(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                local(server, "http"), kerberos().requireMutualAuth(true).build(), null);
        assertVerified(o, realm.alice(), SecurityPackage.KERBEROS);
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void jnegotiate_ntlm_twoLegsOneConnection(HttpClientDriver client) throws Exception {
        server.clearRequests();
        HttpClientDriver.Outcome o = client.run(local(server, "http"), ntlm().build(), null);
        assertVerified(o, HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB, SecurityPackage.NTLM);
        List<JNegotiateHttpServer.Request> seen = server.requests();
        assertEquals(3, seen.size(), seen.toString());
        assertEquals(
                1,
                seen.stream()
                        .skip(1)
                        .map(JNegotiateHttpServer.Request::clientPort)
                        .distinct()
                        .count(),
                "both NTLM legs on one connection: " + seen);
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void noFinalToken_mutualRequired_mutualAuthFailed(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                local(noFinalToken, "http"), kerberos().requireMutualAuth(true).build(), null);
        assertFailed(o, Failure.MUTUAL_AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void noFinalToken_mutualOptional_200Unverified(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o =
                client.run(local(noFinalToken, "http"), kerberos().build(), null);
        assertEquals(200, o.status());
        assertEquals(
                NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED, o.exchange().result());
        assertEquals("the server sent no final token", o.exchange().reason());
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void https_channelBindingsOfServerCertificate_200(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                local(httpsBound, "https"),
                kerberos().channelBindings(true).requireMutualAuth(true).build(),
                tls);
        assertVerified(o, realm.alice(), SecurityPackage.KERBEROS);
        assertTrue(o.exchange().bindingsSent());
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void https_ntlmChannelBindingsOfServerCertificate_200(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o = client.run(
                local(httpsBound, "https"), ntlm().channelBindings(true).build(), tls);
        assertVerified(o, HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB, SecurityPackage.NTLM);
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void https_otherCertificate_badBindings(HttpClientDriver client) throws Exception {
        httpsRelayed.clearRequests();
        HttpClientDriver.Outcome o = client.run(
                local(httpsRelayed, "https"), kerberos().channelBindings(true).build(), tls);
        assertEquals(401, o.status());
        assertEquals(Optional.of("SEC_E_BAD_BINDINGS"), o.acceptorStatus());
        assertEquals(NegotiateExchange.Result.REFUSED, o.exchange().result());
    }

    @ParameterizedTest
    @EnumSource(HttpClientDriver.class)
    void https_noBindingsSent_badBindings(HttpClientDriver client) throws Exception {
        HttpClientDriver.Outcome o =
                client.run(local(httpsBound, "https"), kerberos().build(), tls);
        assertEquals(401, o.status());
        assertEquals(Optional.of("SEC_E_BAD_BINDINGS"), o.acceptorStatus());
        assertFalse(o.exchange().bindingsSent());
    }

    /** {@code jnegotiate probe} in this JVM; its exit status and everything it printed. */
    record Probe(int exit, String out) {
        void assertShows(String... texts) {
            for (String t : texts) {
                assertTrue(out.contains(t), "probe output lacks '" + t + "':\n" + out);
            }
        }
    }

    private Probe probe(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        all[0] = "probe";
        all[1] = "--krb5-conf";
        all[2] = realm.kdc().krb5Conf().toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = org.jnegotiate.cli.Main.run(
                all,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return new Probe(
                exit,
                out.toString(java.nio.charset.StandardCharsets.UTF_8)
                        + err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void probe_apacheKerberos_everyLegDecoded_verified_exit0() {
        Probe p = probe(
                "--ccache",
                realm.aliceCcache().toString(),
                "--spn",
                SPN,
                "--require-mutual",
                apache(ApacheHttpd.KRB5).toString());
        assertEquals(0, p.exit(), p.out());
        p.assertShows(
                "< 401",
                "< www-authenticate: Negotiate",
                "> Authorization: Negotiate [",
                "NegTokenInit > mechTypes: ",
                "Kerberos AP-REQ (RFC 4120 5.5.1), mutual-required",
                "ticket for " + HttpTestRealm.SERVICE + "@" + realm.kdc().realm() + ", enc-part etype ",
                "< 200",
                "negState: ACCEPT_COMPLETED",
                "Kerberos AP-REP",
                "* mechanism: Kerberos",
                "* fallback: none",
                "* final token: verified",
                "* status: 200",
                "* user: " + realm.alice() + ", server says " + realm.alice(),
                "* authenticated");
    }

    @org.junit.jupiter.api.Test
    void probe_apacheNtlmFallback_flagsShown_unverified_exit0() {
        Probe p = probe(
                "--ccache",
                realm.noCcache().toString(),
                "--ntlm-users",
                realm.ntlmUsers().toString(),
                "--spn",
                SPN,
                apache(ApacheHttpd.NEGOTIATE).toString());
        assertEquals(0, p.exit(), p.out());
        p.assertShows(
                "NTLM NEGOTIATE_MESSAGE[flags=0x",
                "NTLM CHALLENGE_MESSAGE[flags=0x",
                "NTLM AUTHENTICATE_MESSAGE[flags=0x",
                "* mechanism: NTLM",
                "* fallback: Kerberos not offered",
                "* final token: NOT verified: NTLM does not authenticate the server",
                "* status: 200",
                "server says " + HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB,
                "* authenticated");
    }

    @org.junit.jupiter.api.Test
    void probe_unknownSpn_kerberosDroppedWithReason_ntlm_exit0() {
        Probe p = probe(
                "--ccache",
                realm.aliceCcache().toString(),
                "--ntlm-users",
                realm.ntlmUsers().toString(),
                "--spn",
                "HTTP@nosuch.jnegotiate.test",
                apache(ApacheHttpd.NEGOTIATE).toString());
        assertEquals(0, p.exit(), p.out());
        p.assertShows("* mechanism: NTLM", "* fallback: Kerberos dropped: ", "* authenticated");
    }

    @org.junit.jupiter.api.Test
    void probe_noNtlm_noTicket_noCredentials_exit1() {
        Probe p = probe(
                "--ccache",
                realm.noCcache().toString(),
                "--ntlm-users",
                realm.ntlmUsers().toString(),
                "--mechanisms",
                "!ntlm",
                "--spn",
                SPN,
                apache(ApacheHttpd.NEGOTIATE).toString());
        assertEquals(1, p.exit(), p.out());
        p.assertShows("< 401", "* FAILED: ", "SEC_E_NO_CREDENTIALS");
    }

    @org.junit.jupiter.api.Test
    void probe_noFinalToken_requireMutual_mutualAuthFailed_exit1() {
        Probe p = probe(
                "--ccache",
                realm.aliceCcache().toString(),
                "--spn",
                SPN,
                "--require-mutual",
                local(noFinalToken, "http").toString());
        assertEquals(1, p.exit(), p.out());
        p.assertShows(
                "< 200",
                "* final token: failed: the server answered 200 without the final Negotiate token",
                "SEC_E_MUTUAL_AUTH_FAILED");
    }

    @org.junit.jupiter.api.Test
    void probe_httpsChannelBindings_exit0_otherCertificate_badBindings_exit1() {
        Probe ok = probe(
                "--ccache",
                realm.aliceCcache().toString(),
                "--spn",
                SPN,
                "--channel-bindings",
                "--insecure",
                local(httpsBound, "https").toString());
        assertEquals(0, ok.exit(), ok.out());
        ok.assertShows("channel bindings on", "* final token: verified", "* authenticated");

        Probe relayed = probe(
                "--ccache",
                realm.aliceCcache().toString(),
                "--spn",
                SPN,
                "--channel-bindings",
                "--insecure",
                local(httpsRelayed, "https").toString());
        assertEquals(1, relayed.exit(), relayed.out());
        relayed.assertShows(
                "< x-acceptor-status: SEC_E_BAD_BINDINGS",
                "* final token: refused: the server answered 401",
                "* NOT authenticated");
    }

    @org.junit.jupiter.api.Test
    void probe_explicitIdentityWrongPassword_logonDenied_exit1() throws Exception {
        Path password = realm.kdc().directory().resolve("wrong-password.txt");
        Files.writeString(password, "not-" + HttpTestRealm.BOB_PASSWORD + "\n");
        Probe p = probe(
                "--ccache",
                realm.noCcache().toString(),
                "--user",
                HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB,
                "--password-file",
                password.toString(),
                "--spn",
                SPN,
                local(server, "http").toString());
        assertEquals(1, p.exit(), p.out());
        p.assertShows("< x-acceptor-status: SEC_E_LOGON_DENIED", "* NOT authenticated");
    }

    static List<Integer> statuses(NegotiateExchange exchange) {
        return exchange.legs().stream().map(NegotiateExchange.Leg::httpStatus).toList();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {httpsRelayed, httpsBound, noFinalToken, server, apache, realm}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }
}
