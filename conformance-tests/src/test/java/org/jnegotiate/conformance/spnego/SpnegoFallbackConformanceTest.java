package org.jnegotiate.conformance.spnego;

import static org.jnegotiate.conformance.spnego.SpnegoTokens.ACCEPT_COMPLETED;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.MS_KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.NTLM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSException;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.JvmNtlmUsers;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Negotiate's NTLM fallback with a live MIT KDC: an initiator without Kerberos credentials settles on
 * NTLM with acceptors that offer both; an NTLM-only acceptor (MIT's SPNEGO with gss-ntlmssp credentials
 * only) makes a Kerberos-first JNegotiate initiator switch (counter-proposal, then mechListMIC); a proxy
 * that strips Kerberos from the initiator's list is caught by the mechListMIC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpnegoFallbackConformanceTest {
    private static final String DOMAIN = "jnegotiate.test";
    private static final String USER = "alice";
    private static final String SERVICE = "HTTP/acceptor." + DOMAIN;
    private static final String TARGET = "HTTP@acceptor." + DOMAIN;
    /** A user the KDC does not know: no Kerberos credential can be had for it. */
    private static final String NTLM_ONLY_USER = "JNEGOTIATE\\bob";

    private static final String NTLM_ONLY_PASSWORD = "bob-Passw0rd";
    /**
     * A dotless realm: {@code alice@JNEGOTIATE} is alice's Kerberos principal and, read as NTLM's
     * {@code user@DOMAIN}, the NTLM account JNEGOTIATE\alice, so one credential request gets both.
     */
    static final String REALM = "JNEGOTIATE";
    /** alice's NTLM password (her Kerberos keys come from her keytab). */
    private static final String ALICE_NTLM_PASSWORD = "alice-ntlm-Passw0rd";

    /**
     * A framed NegTokenInit offering NTLM only, without an optimistic token: what a downgrading proxy
     * puts in place of the initiator's Kerberos-first list.
     */
    static final byte[] NTLM_ONLY_INIT = HexFormat.of()
            .parseHex(
                    "601c" + "06062b0601050502" + "a012" + "3010" + "a00e" + "300c" + "060a2b0601040182370202" + "0a");

    private MitKdc kdc;
    private Path userKeytab;
    private Path serviceKeytab;
    private Path ntlmUsers;

    @BeforeAll
    void startRealm() {
        kdc = MitKdc.builder().realm(REALM).tcpOnly(true).start();
        kdc.addPrincipal(USER, "alice-Passw0rd");
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        userKeytab = kdc.directory().resolve("user.keytab");
        serviceKeytab = kdc.directory().resolve("service.keytab");
        kdc.exportKeytab(userKeytab, USER);
        kdc.exportKeytab(serviceKeytab, SERVICE);
    }

    @BeforeEach
    void useRealm() {
        JvmKrb5Conf.use(kdc);
        ntlmUsers = JvmNtlmUsers.write("JNEGOTIATE:bob:" + NTLM_ONLY_PASSWORD, REALM + ":alice:" + ALICE_NTLM_PASSWORD);
    }

    @AfterAll
    void stopRealm() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void noKerberosCredential_jnegotiateAcceptorOfferingBoth_completesWithNtlm() throws Exception {
        EngineParty initiator = JNegotiate.engineInitiator(null, TARGET, NTLM_ONLY_USER, NTLM_ONLY_PASSWORD);
        GssParty acceptor = JNegotiate.acceptor(service());

        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

        assertEquals(
                List.of(NTLM),
                SpnegoTokens.initialContextToken(transcript.firstInitiatorToken())
                        .mechTypes());
        SpnegoMitConformanceTest.assertNtlmWithMechListMics(transcript);
        assertEquals(NTLM, acceptor.mech());
        assertEquals(NTLM, initiator.mech());
        Messages.flowBothWays(initiator, acceptor, false);
    }

    @Test
    void noKerberosCredential_mitAcceptorWithKeytabAndNtlmUsers_completesWithNtlm() throws Exception {
        try (GssPeer peer = mitAcceptor(true)) {
            EngineParty initiator = JNegotiate.engineInitiator(null, TARGET, NTLM_ONLY_USER, NTLM_ONLY_PASSWORD);
            PeerParty acceptor = new PeerParty("MIT SPNEGO acceptor (keytab and NTLM users)", peer);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            assertEquals(
                    List.of(NTLM),
                    SpnegoTokens.initialContextToken(transcript.firstInitiatorToken())
                            .mechTypes());
            SpnegoMitConformanceTest.assertNtlmWithMechListMics(transcript);
            assertEquals(NTLM, acceptor.mech());
            Messages.flowBothWays(initiator, acceptor, false);
        }
    }

    @Test
    void ntlmOnlyMitAcceptor_kerberosFirstInitiator_switchesToNtlmWithMechListMic() throws Exception {
        try (GssPeer peer = mitAcceptor(false)) {
            EngineParty initiator =
                    JNegotiate.engineInitiator(alice(), TARGET, kdc.principal(USER), ALICE_NTLM_PASSWORD);
            PeerParty acceptor = new PeerParty("MIT SPNEGO acceptor (NTLM users only)", peer);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
            assertEquals(List.of(MS_KRB5, KRB5, NTLM), init.mechTypes());
            assertTrue(SpnegoTokens.isFramed(init.mechToken().orElseThrow(), KRB5), "optimistic Kerberos AP-REQ");
            SpnegoTokens.Resp counter =
                    SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
            assertEquals(Optional.of(NTLM), counter.supportedMech(), "MIT's counter-proposal");
            assertFalse(counter.responseToken().isPresent(), "the optimistic token was dropped");
            SpnegoTokens.Resp negotiate =
                    SpnegoTokens.negTokenResp(transcript.toAcceptor().get(1));
            assertTrue(negotiate.responseToken().isPresent(), "NTLM NEGOTIATE after the switch");
            byte[] last = transcript.toAcceptor().get(transcript.toAcceptor().size() - 1);
            assertTrue(SpnegoTokens.negTokenResp(last).mechListMic().isPresent(), "the initiator's mechListMIC");
            SpnegoTokens.Resp done = SpnegoTokens.negTokenResp(
                    transcript.toInitiator().get(transcript.toInitiator().size() - 1));
            assertEquals(Optional.of(ACCEPT_COMPLETED), done.negState());
            assertTrue(done.mechListMic().isPresent(), "MIT's mechListMIC over the three-mechanism list");
            assertEquals(NTLM, acceptor.mech());
            assertEquals(NTLM, initiator.mech());
            Messages.flowBothWays(initiator, acceptor, false);
        }
    }

    @Test
    void proxyStripsKerberosFromInitiatorList_jnegotiateAcceptor_failsWithDowngrade() throws Exception {
        EngineParty initiator = JNegotiate.engineInitiator(alice(), TARGET, kdc.principal(USER), ALICE_NTLM_PASSWORD);
        GssParty acceptor = JNegotiate.acceptor(service());
        AtomicInteger rewritten = new AtomicInteger();
        AtomicReference<byte[]> original = new AtomicReference<>();

        GSSException failure = assertThrows(
                GSSException.class,
                () -> Exchange.run(initiator, acceptor, token -> {
                    if (rewritten.getAndIncrement() > 0) {
                        return token;
                    }
                    original.set(token);
                    return NTLM_ONLY_INIT.clone();
                }));

        assertEquals(
                List.of(MS_KRB5, KRB5, NTLM),
                SpnegoTokens.initialContextToken(original.get()).mechTypes());

        assertEquals(GSSException.FAILURE, failure.getMajor(), failure.toString());
        assertTrue(failure.getMessage().contains("downgrade detected"), failure.getMessage());
        assertTrue(failure.getMessage().contains("mechListMIC"), failure.getMessage());
        assertFalse(acceptor.isEstablished());
        assertTrue(rewritten.get() >= 3, "the acceptor got NTLM's AUTHENTICATE with the initiator's mechListMIC");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Subject alice() {
        return SunJgss.login(kdc, kdc.principal(USER), userKeytab, true);
    }

    private Subject service() {
        return SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
    }

    /** MIT's SPNEGO acceptor: NTLM users always, the service keytab when {@code kerberos}. */
    private GssPeer mitAcceptor(boolean kerberos) {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("KRB5CCNAME", "FILE:" + kdc.directory().resolve("acceptor-ccache-" + System.nanoTime()));
        env.put("NTLM_USER_FILE", ntlmUsers.toString());
        env.put(
                "KRB5_KTNAME",
                "FILE:" + (kerberos ? serviceKeytab : kdc.directory().resolve("no-such.keytab")));
        return GssPeer.builder(GssPeer.Role.ACCEPTOR, GssPeer.Mech.SPNEGO)
                .env(env)
                .start();
    }
}
