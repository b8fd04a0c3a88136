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
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-realm Kerberos with four MIT KDCs: alice of A.REALMS.TEST reaches services of other realms and JNegotiate
 * acceptors there accept her. B.REALMS.TEST trusts A directly both ways (keys {@code krbtgt/B@A} and
 * {@code krbtgt/A@B}); C.REALMS.TEST is reached only hierarchically through REALMS.TEST. A's KDC refers host names
 * under {@code b.realms.test} to B (RFC 6806 referrals); for {@code loop.realms.test} A refers to B and B back to A.
 * MIT's own client goes the same ways first (the fixture works), then JNegotiate: by referral, by the
 * hierarchical path, and into the loop, which it refuses.
 */
class CrossRealmMitTest {
    private static final String A = "A.REALMS.TEST";
    private static final String B = "B.REALMS.TEST";
    private static final String P = "REALMS.TEST";
    private static final String C = "C.REALMS.TEST";
    private static final String B_HOST = "svc.b.realms.test";
    private static final String C_HOST = "svc.c.realms.test";
    private static final String LOOP_HOST = "svc.loop.realms.test";
    private static final String PASSWORD = "alice-Crosses-1";

    private static MitKdc kdcA;
    private static MitKdc kdcB;
    private static MitKdc kdcP;
    private static MitKdc kdcC;
    private static Path dir;
    private static Path conf;

    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        dir = temp;
        // lines before a section header continue the fixture's [domain_realm], its last section
        kdcA = MitKdc.builder()
                .realm(A)
                .krb5ConfExtra("  .b.realms.test = " + B + "\n  .loop.realms.test = " + B + "\n")
                .start();
        kdcB = MitKdc.builder()
                .realm(B)
                .krb5ConfExtra("  .loop.realms.test = " + A + "\n")
                .start();
        kdcP = MitKdc.builder().realm(P).start();
        kdcC = MitKdc.builder().realm(C).start();
        trust(A, B, kdcA, kdcB);
        trust(B, A, kdcA, kdcB);
        trust(A, P, kdcA, kdcP);
        trust(P, C, kdcP, kdcC);
        kdcA.addPrincipal("alice", PASSWORD);
        kdcA.exportKeytab(dir.resolve("alice.keytab"), "alice");
        // no HTTP/svc.loop.realms.test anywhere: each KDC refers it to the other realm
        for (String[] svc : List.of(new String[] {B_HOST, B}, new String[] {C_HOST, C})) {
            MitKdc kdc = svc[1].equals(B) ? kdcB : kdcC;
            kdc.addRandomKeyPrincipal("HTTP/" + svc[0]);
            kdc.exportKeytab(dir.resolve(svc[0] + ".keytab"), "HTTP/" + svc[0]);
        }
        conf = dir.resolve("client.conf");
        Files.writeString(
                conf,
                "[libdefaults]\n  default_realm = " + A + "\n  dns_lookup_kdc = false\n"
                        + "  dns_lookup_realm = false\n  dns_canonicalize_hostname = false\n  rdns = false\n"
                        + "  kdc_timeout = 5000\n  max_retries = 1\n  forwardable = true\n"
                        + "  default_tkt_enctypes = aes256-cts-hmac-sha1-96\n  default_tgs_enctypes = aes256-cts-hmac-sha1-96\n"
                        + "\n[realms]\n" + realm(kdcA) + realm(kdcB) + realm(kdcP) + realm(kdcC)
                        // b.realms.test and loop.realms.test are not mapped: the client asks its own realm, which
                        // refers
                        + "\n[domain_realm]\n  .c.realms.test = " + C + "\n");
    }

    /** The cross-realm key {@code krbtgt/TO@FROM}, the same in both KDCs (same password, salt and kvno). */
    private static void trust(String from, String to, MitKdc one, MitKdc other) {
        String name = "krbtgt/" + to + "@" + from;
        one.addPrincipal(name, "cross-" + from + "-" + to);
        other.addPrincipal(name, "cross-" + from + "-" + to);
    }

    private static String realm(MitKdc kdc) {
        return "  " + kdc.realm() + " = {\n    kdc = 127.0.0.1:" + kdc.port() + "\n  }\n";
    }

    @AfterAll
    static void stop() {
        for (MitKdc kdc : new MitKdc[] {kdcA, kdcB, kdcP, kdcC}) {
            if (kdc != null) {
                kdc.close();
            }
        }
    }

    private static MechContext establish(String host, String realm) throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        MechCredential alice = engine.login("alice", PASSWORD);
        return engine.establish(alice, "HTTP@" + host, dir.resolve(host + ".keytab"), "HTTP/" + host + "@" + realm);
    }

    /** The fixture against MIT's client: kvno follows A's referral to B, and the path A, REALMS.TEST, C. */
    @Test
    void mitClient_followsTheReferralAndThePath() {
        Map<String, String> env = Map.of("KRB5_CONFIG", conf.toString(), "KRB5CCNAME", "FILE:" + dir.resolve("mit.cc"));
        CommandResult kinit = ExternalCommand.run(
                List.of("kinit", "-k", "-t", dir.resolve("alice.keytab").toString(), "alice@" + A),
                env,
                Duration.ofSeconds(30));
        assertEquals(0, kinit.exitCode(), kinit.describe());
        CommandResult referral =
                ExternalCommand.run(List.of("kvno", "-S", "HTTP", B_HOST), env, Duration.ofSeconds(30));
        assertEquals(0, referral.exitCode(), referral.describe());
        // MIT prints the referral (empty) realm it asked for
        assertTrue(referral.stdout().contains("HTTP/" + B_HOST + "@: kvno = 1"), referral.describe());
        CommandResult path =
                ExternalCommand.run(List.of("kvno", "HTTP/" + C_HOST + "@" + C), env, Duration.ofSeconds(30));
        assertEquals(0, path.exitCode(), path.describe());
        // C's KDC checked the path through REALMS.TEST and says so (flag T, TRANSITED-POLICY-CHECKED), which is
        // what JNegotiate's acceptor requires of a ticket whose transited field is not empty
        CommandResult klist = ExternalCommand.run(List.of("klist", "-f"), env, Duration.ofSeconds(10));
        String cTicket = klist.stdout().substring(klist.stdout().indexOf("HTTP/" + C_HOST + "@" + C));
        String flags = cTicket.substring(cTicket.indexOf("Flags: ") + 7)
                .lines()
                .findFirst()
                .orElse("");
        assertTrue(flags.contains("T"), klist.describe());
    }

    /**
     * The client's krb5.conf does not map b.realms.test, so JNegotiate asks its own realm for
     * HTTP/svc.b.realms.test@A; A's KDC answers with the referral krbtgt/B@A (its log names what it issued) and B
     * issues the ticket.
     */
    @Test
    void referralToTheServicesRealm_followed_acceptorInBAcceptsAlice() throws Exception {
        MechContext acceptor = establish(B_HOST, B);
        assertEquals("alice@" + A, acceptor.initiatorName().orElseThrow().name());
        assertTrue(kdcA.log().contains("alice@" + A + " for krbtgt/" + B + "@" + A), kdcA.log());
        assertTrue(kdcB.log().contains("alice@" + A + " for HTTP/" + B_HOST + "@" + B), kdcB.log());
    }

    /** The hierarchical path A.REALMS.TEST, REALMS.TEST, C.REALMS.TEST: two cross-realm TGTs, then C's ticket. */
    @Test
    void hierarchicalPathThroughTheParentRealm_acceptorInCAcceptsAlice() throws Exception {
        MechContext acceptor = establish(C_HOST, C);
        assertEquals("alice@" + A, acceptor.initiatorName().orElseThrow().name());
        assertTrue(kdcP.log().contains("krbtgt/" + C + "@" + P), kdcP.log());
    }

    /** A refers loop.realms.test to B, B refers it back to A: refused before asking A again. */
    @Test
    void referralLoop_refused_noAuthority() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        KerberosCredential alice = (KerberosCredential) engine.login("alice", PASSWORD);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> engine.firstToken(alice, "HTTP@" + LOOP_HOST));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure(), e.getMessage());
        assertEquals(
                "no authenticating authority: cross-realm loop on the way to HTTP/" + LOOP_HOST + "@" + A + ": " + A
                        + " -> " + B + " -> " + A + " (krbtgt/" + A + "@" + B + " leads back)",
                e.getMessage());
    }
}
