package org.jnegotiate.conformance.spnego;

import static org.jnegotiate.conformance.spnego.SpnegoTokens.ACCEPT_COMPLETED;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.ACCEPT_INCOMPLETE;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.MS_KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.NTLM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
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
 * JNegotiate's SPNEGO against MIT's SPNEGO (python peer, MIT GSS-API with gss-ntlmssp), both roles:
 * Kerberos inside through MIT's KDC, and NTLM inside, where the exchange must carry the mechListMIC
 * both ways and per-message tokens afterwards prove both sides reset their RC4 state alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpnegoMitConformanceTest {
    private static final String DOMAIN = "jnegotiate.test";
    private static final String USER = "alice";
    private static final String USER_PASSWORD = "alice-Passw0rd";
    private static final String SERVICE = "HTTP/acceptor." + DOMAIN;
    private static final String TARGET = "HTTP@acceptor." + DOMAIN;
    private static final String NTLM_USER = "JNEGOTIATE\\bob";
    private static final String NTLM_PASSWORD = "bob-Passw0rd";

    private MitKdc kdc;
    private Path userKeytab;
    private Path serviceKeytab;
    private Path ntlmUsers;

    @BeforeAll
    void startRealm() {
        kdc = MitKdc.builder().tcpOnly(true).start();
        kdc.addPrincipal(USER, USER_PASSWORD);
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        userKeytab = kdc.directory().resolve("user.keytab");
        serviceKeytab = kdc.directory().resolve("service.keytab");
        kdc.exportKeytab(userKeytab, USER);
        kdc.exportKeytab(serviceKeytab, SERVICE);
    }

    @BeforeEach
    void useRealm() {
        JvmKrb5Conf.use(kdc);
        ntlmUsers = JvmNtlmUsers.write("JNEGOTIATE:bob:" + NTLM_PASSWORD, "JNEGOTIATE:carol:carol-Passw0rd");
    }

    @AfterAll
    void stopRealm() {
        if (kdc != null) {
            kdc.close();
        }
    }

    // ---- Kerberos inside --------------------------------------------------------------------

    @Test
    void jnegotiateInitiator_mitAcceptor_kerberosWithMessagesBothWays() throws Exception {
        try (GssPeer peer = acceptor(true)) {
            GssParty initiator = JNegotiate.initiator(alice(), TARGET);
            PeerParty acceptor = new PeerParty("MIT SPNEGO acceptor", peer);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            assertEquals(
                    List.of(MS_KRB5, KRB5),
                    SpnegoTokens.initialContextToken(transcript.firstInitiatorToken())
                            .mechTypes());
            SpnegoTokens.Resp answer =
                    SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
            assertEquals(Optional.of(ACCEPT_COMPLETED), answer.negState());
            assertEquals(
                    Optional.of(MS_KRB5), answer.supportedMech(), "MIT answers with the OID the initiator preferred");
            assertEquals(2, transcript.legs());
            assertEquals(KRB5, acceptor.mech());
            assertEquals(MS_KRB5, initiator.mech());
            assertEquals(Optional.of(kdc.principal(USER)), peer.info().initiator());
            Messages.flowBothWays(initiator, acceptor);
        }
    }

    @Test
    void mitInitiator_jnegotiateAcceptor_kerberosWithMessagesBothWays() throws Exception {
        try (GssPeer peer = kerberosInitiatorFromCcache()) {
            PeerParty initiator = new PeerParty("MIT SPNEGO initiator", peer);
            GssParty acceptor = JNegotiate.acceptor(service());

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
            assertEquals(
                    List.of(KRB5, NTLM), init.mechTypes(), "MIT lists NTLM too (gss-ntlmssp defers its credential)");
            assertTrue(SpnegoTokens.isFramed(init.mechToken().orElseThrow(), KRB5));
            SpnegoTokens.Resp answer =
                    SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
            assertEquals(Optional.of(KRB5), answer.supportedMech());
            assertEquals(Optional.of(ACCEPT_COMPLETED), answer.negState());
            assertEquals(KRB5, acceptor.mech());
            assertEquals(KRB5, initiator.mech());
            assertEquals(kdc.principal(USER), acceptor.context().getSrcName().toString());
            Messages.flowBothWays(initiator, acceptor);
        }
    }

    // ---- NTLM inside ------------------------------------------------------------------------

    @Test
    void mitInitiator_jnegotiateAcceptor_ntlmWithMechListMicBothWays() throws Exception {
        try (GssPeer peer = initiator(NTLM_USER, NTLM_PASSWORD)) {
            PeerParty initiator = new PeerParty("MIT SPNEGO initiator (NTLM)", peer);
            GssParty acceptor = JNegotiate.acceptor(null);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            assertEquals(
                    List.of(NTLM),
                    SpnegoTokens.initialContextToken(transcript.firstInitiatorToken())
                            .mechTypes(),
                    "MIT has no Kerberos credential for " + NTLM_USER);
            assertNtlmWithMechListMics(transcript);
            assertEquals(NTLM, acceptor.mech());
            assertEquals(NTLM, initiator.mech());
            assertEquals("JNEGOTIATE\\bob", acceptor.context().getSrcName().toString());
            Messages.flowBothWays(initiator, acceptor, false);
        }
    }

    @Test
    void jnegotiateInitiator_mitAcceptor_ntlmWithMechListMicBothWays() throws Exception {
        try (GssPeer peer = acceptor(false)) {
            EngineParty initiator = JNegotiate.engineInitiator(null, TARGET, NTLM_USER, NTLM_PASSWORD);
            PeerParty acceptor = new PeerParty("MIT SPNEGO acceptor (NTLM)", peer);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            assertEquals(
                    List.of(NTLM),
                    SpnegoTokens.initialContextToken(transcript.firstInitiatorToken())
                            .mechTypes(),
                    "the KDC does not know " + NTLM_USER + ": no Kerberos credential");
            assertNtlmWithMechListMics(transcript);
            assertEquals(NTLM, acceptor.mech());
            assertEquals(NTLM, initiator.mech());
            assertEquals(Optional.of("JNEGOTIATE\\bob\0"), peer.info().initiator());
            Messages.flowBothWays(initiator, acceptor, false);
        }
    }

    /**
     * NEGOTIATE optimistically, CHALLENGE, AUTHENTICATE with the initiator's mechListMIC, the acceptor's
     * accept-completed with its own: the four legs of SPNEGO(NTLM) as Windows runs it.
     */
    static void assertNtlmWithMechListMics(Exchange.Transcript transcript) throws Exception {
        SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
        assertTrue(init.mechToken().isPresent(), "optimistic NTLM NEGOTIATE");
        assertFalse(init.mechListMic().isPresent());
        SpnegoTokens.Resp challenge =
                SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
        assertEquals(Optional.of(NTLM), challenge.supportedMech());
        assertTrue(challenge.negState().isPresent());
        assertEquals(
                ACCEPT_INCOMPLETE == challenge.negState().get()
                        || SpnegoTokens.REQUEST_MIC == challenge.negState().get(),
                true,
                "negState " + challenge.negState());
        assertTrue(challenge.responseToken().isPresent(), "CHALLENGE");
        SpnegoTokens.Resp authenticate =
                SpnegoTokens.negTokenResp(transcript.toAcceptor().get(1));
        assertTrue(authenticate.responseToken().isPresent(), "AUTHENTICATE");
        assertTrue(authenticate.mechListMic().isPresent(), "the initiator's mechListMIC");
        SpnegoTokens.Resp done =
                SpnegoTokens.negTokenResp(transcript.toInitiator().get(1));
        assertEquals(Optional.of(ACCEPT_COMPLETED), done.negState());
        assertTrue(done.mechListMic().isPresent(), "the acceptor's mechListMIC");
        assertEquals(4, transcript.legs());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Subject alice() {
        return SunJgss.login(kdc, kdc.principal(USER), userKeytab, true);
    }

    private Subject service() {
        return SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
    }

    private Map<String, String> env(String ccache) {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("KRB5CCNAME", "FILE:" + kdc.directory().resolve(ccache + "-" + System.nanoTime()));
        env.put("NTLM_USER_FILE", ntlmUsers.toString());
        return env;
    }

    /** MIT's SPNEGO acceptor: NTLM users always, the service keytab when {@code kerberos}. */
    private GssPeer acceptor(boolean kerberos) {
        Map<String, String> env = env("acceptor");
        env.put(
                "KRB5_KTNAME",
                "FILE:" + (kerberos ? serviceKeytab : kdc.directory().resolve("no-such.keytab")));
        return GssPeer.builder(GssPeer.Role.ACCEPTOR, GssPeer.Mech.SPNEGO)
                .env(env)
                .start();
    }

    /**
     * MIT's SPNEGO initiator with alice's TGT in a FILE ccache (kinit from her keytab). With password
     * credentials for both inner mechanisms (gss_acquire_cred_with_password) MIT's SPNEGO offers NTLM only.
     */
    private GssPeer kerberosInitiatorFromCcache() {
        Path ccache = kdc.directory().resolve("alice-ccache-" + System.nanoTime());
        kdc.run("/usr/bin/kinit", "-k", "-t", userKeytab.toString(), "-c", "FILE:" + ccache, kdc.principal(USER));
        Map<String, String> env = env("unused");
        env.put("KRB5CCNAME", "FILE:" + ccache);
        return GssPeer.builder(GssPeer.Role.INITIATOR, GssPeer.Mech.SPNEGO)
                .env(env)
                .name(kdc.principal(USER))
                .target(TARGET)
                .start();
    }

    /** MIT's SPNEGO initiator with password credentials for Kerberos and NTLM (those that can be had). */
    private GssPeer initiator(String name, String password) {
        return GssPeer.builder(GssPeer.Role.INITIATOR, GssPeer.Mech.SPNEGO)
                .env(env("initiator"))
                .name(name)
                .password(password)
                .target(TARGET)
                .start();
    }
}
