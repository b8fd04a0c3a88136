package org.jnegotiate.conformance.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.ExternalCommand;
import org.jnegotiate.conformance.fixtures.KdcProxyServer;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos over HTTPS (MS-KKDCP): Debian's python3-kdcproxy in front of an MIT KDC, reached only through
 * {@code kdc = https://127.0.0.1:PORT/KdcProxy} in krb5.conf, with the throwaway test CA as the realm's
 * {@code http_anchors}. MIT's own kinit goes through the same proxy first (the fixture works), then JNegotiate's AS
 * and TGS exchanges, then the refusals: an untrusted certificate, a certificate for another host name, a proxy that
 * does not answer Kerberos.
 */
class KdcProxyMitTest {
    private static final String REALM = "PROXY.JNEGOTIATE.TEST";
    private static final String HOST = "acceptor.jnegotiate.test";
    private static final String SERVICE = "HTTP/" + HOST + "@" + REALM;
    private static final String ALICE_PASSWORD = "alice-over-https";
    /** How long the proxy's log lines may take to reach this JVM's reader thread. */
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    private static MitKdc kdc;
    private static KdcProxyServer proxy;
    private static Path dir;

    @BeforeAll
    static void start(@TempDir Path temp) {
        dir = temp;
        kdc = MitKdc.builder().realm(REALM).start();
        kdc.addPrincipal("alice", ALICE_PASSWORD);
        kdc.addRandomKeyPrincipal("HTTP/" + HOST);
        kdc.exportKeytab(dir.resolve("service.keytab"), "HTTP/" + HOST);
        kdc.exportKeytab(dir.resolve("alice.keytab"), "alice");
        proxy = KdcProxyServer.start(kdc);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    /** A krb5.conf whose only way to the realm's KDC is {@code kdcLine}; {@code anchors} may be null. */
    private static Path krb5Conf(String name, String kdcLine, String anchors) throws Exception {
        Path conf = dir.resolve(name);
        Files.writeString(
                conf,
                "[libdefaults]\n  default_realm = " + REALM + "\n  dns_lookup_kdc = false\n"
                        + "  dns_lookup_realm = false\n  dns_canonicalize_hostname = false\n  rdns = false\n"
                        + "  kdc_timeout = 5000\n  max_retries = 1\n"
                        + "  default_tkt_enctypes = aes256-cts-hmac-sha1-96\n  default_tgs_enctypes = aes256-cts-hmac-sha1-96\n"
                        + "\n[realms]\n  " + REALM + " = {\n    kdc = " + kdcLine + "\n"
                        + (anchors == null ? "" : "    http_anchors = " + anchors + "\n") + "  }\n"
                        + "\n[domain_realm]\n  " + HOST + " = " + REALM + "\n");
        return conf;
    }

    private static Path trustedProxyConf() throws Exception {
        return krb5Conf("proxy.conf", proxy.url(), "FILE:" + proxy.caCertificate());
    }

    /** The fixture against MIT's client: kinit with the proxy as the realm's only KDC gets a TGT. */
    @Test
    void mitKinit_throughTheProxy_getsTgt() throws Exception {
        Path conf = trustedProxyConf();
        int before = proxy.requests();
        Map<String, String> env = Map.of(
                "KRB5_CONFIG",
                conf.toString(),
                "KRB5_TRACE",
                "/dev/stderr",
                "KRB5CCNAME",
                "FILE:" + dir.resolve("mit.ccache"));
        CommandResult kinit = ExternalCommand.run(
                List.of("kinit", "-k", "-t", dir.resolve("alice.keytab").toString(), "alice@" + REALM),
                env,
                Duration.ofSeconds(30));
        assertEquals(0, kinit.exitCode(), kinit.describe());
        CommandResult klist = ExternalCommand.run(List.of("klist"), env, Duration.ofSeconds(10));
        assertTrue(klist.stdout().contains("krbtgt/" + REALM + "@" + REALM), klist.describe());
        assertTrue(
                proxy.awaitRequests(before + 1, LOG_WAIT) > before,
                "kinit did not go through the proxy: " + proxy.log());
    }

    /** JNegotiate's AS exchange (password) and TGS exchange through the proxy; the context then establishes. */
    @Test
    void jnegotiate_passwordLoginAndServiceTicket_throughTheProxy_establish() throws Exception {
        EngineKerberos engine = new EngineKerberos(trustedProxyConf());
        int before = proxy.requests();
        MechContext acceptor = engine.establish(
                engine.login("alice", ALICE_PASSWORD), "HTTP@" + HOST, dir.resolve("service.keytab"), SERVICE);
        assertEquals("alice@" + REALM, acceptor.initiatorName().orElseThrow().name());
        // the AS exchange (alice's principal does not require pre-authentication) and the TGS exchange
        assertTrue(proxy.awaitRequests(before + 2, LOG_WAIT) - before >= 2, proxy.log());
    }

    @Test
    void wrongPassword_throughTheProxy_logonDenied() throws Exception {
        EngineKerberos engine = new EngineKerberos(trustedProxyConf());
        NegotiateException e = assertThrows(NegotiateException.class, () -> engine.login("alice", "not-it"));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
    }

    /** Without http_anchors the JVM's trust store applies, and it does not trust the test CA. */
    @Test
    void untrustedCertificate_refused_noAuthority() throws Exception {
        EngineKerberos engine = new EngineKerberos(krb5Conf("untrusted.conf", proxy.url(), null));
        NegotiateException e = assertThrows(NegotiateException.class, () -> engine.login("alice", ALICE_PASSWORD));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
    }

    /** The certificate is for IP 127.0.0.1 only: the same server named localhost fails the host name check. */
    @Test
    void certificateForAnotherName_refused_noAuthority() throws Exception {
        EngineKerberos engine = new EngineKerberos(
                krb5Conf("wrong-name.conf", proxy.url("localhost"), "FILE:" + proxy.caCertificate()));
        NegotiateException e = assertThrows(NegotiateException.class, () -> engine.login("alice", ALICE_PASSWORD));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("No name matching localhost found"), e.getMessage());
    }

    /** A realm the proxy does not serve: it answers HTTP 503, which ends the attempt. */
    @Test
    void realmUnknownToTheProxy_http503_noAuthority() throws Exception {
        Path conf = dir.resolve("other-realm.conf");
        Files.writeString(conf, Files.readString(trustedProxyConf()).replace(REALM, "ELSEWHERE.TEST"));
        EngineKerberos engine = new EngineKerberos(conf);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> engine.login("alice@ELSEWHERE.TEST", ALICE_PASSWORD));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
    }
}
