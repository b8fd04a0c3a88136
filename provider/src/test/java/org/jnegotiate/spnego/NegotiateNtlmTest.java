package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.jnegotiate.testing.DisposedContexts;
import org.jnegotiate.testing.FakeMechanism;
import org.jnegotiate.testing.FakeMechanism.FailurePoint;
import org.junit.jupiter.api.Test;

/** Negotiate over the real NTLM mechanism (with a fake Kerberos where a Kerberos is needed). */
class NegotiateNtlmTest {
    private static final NegotiateConfig CONFIG = NegotiateConfig.defaults();
    private final NtlmMechanism ntlm = new NtlmMechanism(
            CONFIG,
            (domain, user) -> "alice".equalsIgnoreCase(user)
                    ? Optional.of(SecretBytes.adopt(NtlmCrypto.ntowfV1("Secret1".toCharArray())))
                    : Optional.empty(),
            new NtlmServerNames("SERVER", "DOMAIN", "server.domain.local", "domain.local"),
            new SecureRandom(),
            Clock.systemUTC());
    private final FakeMechanism clientKrb = new FakeMechanism("KRB", 2, MechOid.KERBEROS, MechOid.MS_KERBEROS);
    private final FakeMechanism serverKrb = new FakeMechanism("KRB", 2, MechOid.KERBEROS, MechOid.MS_KERBEROS);

    private NegotiateMechanism negotiate(Mechanism... mechs) {
        return new NegotiateMechanism(CONFIG, oid -> {
            for (Mechanism m : mechs) {
                if (m.oids().contains(oid)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        });
    }

    private static ContextRequest request() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@server.domain.local"))
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .build();
    }

    private NegotiateInitiator initiator(String password, Mechanism... mechs) throws NegotiateException {
        NegotiateMechanism n = negotiate(mechs);
        return n.initiator(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray())),
                request());
    }

    private NegotiateAcceptor acceptor(Mechanism... mechs) throws NegotiateException {
        NegotiateMechanism n = negotiate(mechs);
        return n.acceptor(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT)),
                ContextRequest.builder().build());
    }

    private static List<byte[]> run(MechContext init, MechContext acc, java.util.function.UnaryOperator<byte[]> mitm)
            throws NegotiateException {
        List<byte[]> tokens = new ArrayList<>();
        Step s = init.step(null);
        while (s.hasToken()) {
            byte[] t = mitm.apply(s.token());
            tokens.add(t);
            Step a = acc.step(t);
            if (!a.hasToken()) {
                break;
            }
            tokens.add(a.token());
            s = init.step(a.token());
        }
        return tokens;
    }

    private static void assertProtectsBothWays(MechContext init, MechContext acc) throws NegotiateException {
        byte[] msg = "hello over NTLM".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            byte[] sealed = init.protector().wrap(msg, 0, msg.length, true);
            assertArrayEquals(
                    msg, acc.protector().unwrap(sealed, 0, sealed.length).message());
            byte[] back = acc.protector().wrap(msg, 0, msg.length, true);
            assertArrayEquals(msg, init.protector().unwrap(back, 0, back.length).message());
        }
    }

    @Test
    void ntlmOnly_establishesWithMechListMicsAndWorkingSealing() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        List<byte[]> tokens = run(init, acc, t -> t);
        assertTrue(init.isEstablished());
        assertTrue(acc.isEstablished());
        assertEquals(4, tokens.size()); // NEGOTIATE, CHALLENGE, AUTHENTICATE+MIC, completed+MIC
        NegTokenInit first = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(tokens.get(0)));
        assertEquals(List.of(MechOid.NTLM), first.mechTypes().known());
        assertEquals("NTLMSSP\0", new String(first.mechToken().orElseThrow(), 0, 8, StandardCharsets.US_ASCII));
        assertTrue(assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(2)))
                .mechListMic()
                .isPresent());
        NegTokenResp last = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(3)));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), last.negState());
        assertTrue(last.mechListMic().isPresent());
        assertTrue(acc.initiatorName().orElseThrow().name().toLowerCase().contains("alice"));
        assertProtectsBothWays(init, acc);
    }

    @Test
    void dispose_neverStepped_runsNoHandshakeInEitherRole() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        init.dispose();
        DisposedContexts.assertDisposed(init, null);
        NegotiateAcceptor acc = acceptor(ntlm);
        acc.dispose();
        DisposedContexts.assertDisposed(
                acc, initiator("Secret1", ntlm).step(null).token());
    }

    @Test
    void dispose_afterEstablished_bothRolesRefuseEverythingAndDisposeTheInnerContext() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        run(init, acc, t -> t);
        assertTrue(init.isEstablished() && acc.isEstablished());
        MessageProtector initInner = init.protector();
        MessageProtector accInner = acc.protector();
        init.dispose();
        DisposedContexts.assertDisposed(init, new byte[] {0x30, 0});
        acc.dispose();
        DisposedContexts.assertDisposed(acc, new byte[] {0x30, 0});
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, init::sessionKeyType).failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, acc::sessionKeyType).failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> initInner.wrap(new byte[1], 0, 1, true))
                        .failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> accInner.getMic(new byte[1], 0, 1))
                        .failure());
    }

    @Test
    void kerberosUnreachable_fallsBackToRealNtlm() throws Exception {
        clientKrb.failAt(
                FailurePoint.FIRST_STEP,
                new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "KDC unreachable"));
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        run(init, acc, t -> t);
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(Optional.of(MechOid.NTLM), acc.negotiatedMechanism());
        assertEquals(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                init.fallbackReason().orElseThrow().failure());
        assertProtectsBothWays(init, acc);
    }

    @Test
    void acceptorWithoutKerberos_counterProposesRealNtlm() throws Exception {
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        List<byte[]> tokens = run(init, acc, t -> t);
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(6, tokens.size());
        assertEquals(Optional.of(MechOid.NTLM), init.negotiatedMechanism());
        assertProtectsBothWays(init, acc);
    }

    @Test
    void wrongPassword_rejectTokenCarriesLogonDenied() throws Exception {
        NegotiateInitiator init = initiator("wrong", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        Step s1 = init.step(null);
        Step s2 = acc.step(s1.token());
        Step s3 = init.step(s2.token());
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(s3.token()));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        NegTokenResp reject = assertInstanceOf(
                NegTokenResp.class, NegotiationToken.decode(e.errorToken().orElseThrow()));
        assertEquals(Optional.of(NegState.REJECT), reject.negState());
        assertEquals(
                Failure.LOGON_DENIED,
                assertThrows(
                                NegotiateException.class,
                                () -> init.step(e.errorToken().get()))
                        .failure());
    }

    @Test
    void kerberosStrippedByManInTheMiddle_realNtlmMicDetectsDowngrade() throws Exception {
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> run(init, acc, t -> {
                    try {
                        if (NegotiationToken.decode(t) instanceof NegTokenInit) {
                            return new NegTokenInit(
                                            MechTypeList.of(List.of(MechOid.NTLM)),
                                            OptionalInt.empty(),
                                            Optional.empty(),
                                            Optional.empty())
                                    .encode();
                        }
                        return t;
                    } catch (NegotiateException x) {
                        throw new AssertionError(x);
                    }
                }));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    @Test
    void rawNtlmssp_acceptedDirectlyWithoutSpnego() throws Exception {
        MechContext rawInit = ntlm.initiator(
                MechOid.NTLM,
                ntlm.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword("Secret1".toCharArray())),
                request());
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        List<byte[]> tokens = run(rawInit, acc, t -> t);
        assertTrue(acc.isEstablished() && rawInit.isEstablished());
        assertTrue(acc.isDirect());
        assertEquals("NTLMSSP\0", new String(tokens.get(1), 0, 8, StandardCharsets.US_ASCII));
        assertProtectsBothWays(rawInit, acc);
    }

    // ------------------------------------------------------------ mechListMIC: required only when NTLM had a MIC

    @Test
    void ntlmPeerWithoutMic_acceptedWithoutMechListMic() throws Exception {
        NegotiateMechanism clientSide = negotiate(MiclessNtlmClient.mechanism("DOMAIN", "alice", "Secret1"));
        NegotiateInitiator init = clientSide.initiator(
                MechOid.SPNEGO,
                clientSide.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)),
                request());
        NegotiateAcceptor acc = acceptor(ntlm);
        List<byte[]> tokens = run(init, acc, t -> t);
        assertEquals(4, tokens.size()); // NEGOTIATE, CHALLENGE, AUTHENTICATE (no MIC), accept-completed
        NegTokenResp auth = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(2)));
        assertTrue(auth.mechListMic().isEmpty(), "the initiator sends no mechListMIC");
        assertTrue(org.jnegotiate.ntlm.messages.AuthenticateMessage.decode(
                        auth.responseToken().orElseThrow())
                .mic()
                .isEmpty());
        NegTokenResp last = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(3)));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), last.negState());
        assertTrue(last.mechListMic().isEmpty(), "nor does the acceptor");
        assertTrue(acc.isEstablished());
        assertEquals("DOMAIN\\alice", acc.initiatorName().orElseThrow().name());
        assertTrue(init.isEstablished(), "the initiator completes on the acceptor's accept-completed");
    }

    @Test
    void ntlmWithoutMic_initiatorWaitsForAcceptCompletedAfterItsLastToken() throws Exception {
        NegotiateMechanism clientSide = negotiate(MiclessNtlmClient.mechanism("DOMAIN", "alice", "Secret1"));
        NegotiateInitiator init = clientSide.initiator(
                MechOid.SPNEGO,
                clientSide.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)),
                request());
        NegotiateAcceptor acc = acceptor(ntlm);
        Step s2 = acc.step(init.step(null).token());
        Step s3 = init.step(s2.token());
        assertEquals(org.jnegotiate.mech.Status.CONTINUE_NEEDED, s3.status(), "as MIT: not done before the verdict");
        assertTrue(!init.isEstablished());
        Step s4 = acc.step(s3.token());
        assertEquals(org.jnegotiate.mech.Status.OK, s4.status());
        Step s5 = init.step(s4.token());
        assertEquals(org.jnegotiate.mech.Status.OK, s5.status());
        assertTrue(!s5.hasToken());
        assertTrue(init.isEstablished());
    }

    @Test
    void ntlmWithMic_initiatorOmitsMechListMic_acceptorDowngradeDetected() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> run(init, acc, t -> {
                    try {
                        if (NegotiationToken.decode(t) instanceof NegTokenResp r
                                && r.mechListMic().isPresent()) {
                            return new NegTokenResp(
                                            r.negState(), r.supportedMech(), r.responseToken(), Optional.empty())
                                    .encode();
                        }
                        return t;
                    } catch (NegotiateException x) {
                        throw new AssertionError(x);
                    }
                }));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
        assertTrue(!acc.isEstablished());
    }

    @Test
    void ntlmWithMic_acceptorOmitsMechListMic_initiatorDowngradeDetected() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        Step s2 = acc.step(init.step(null).token());
        Step s3 = init.step(s2.token());
        Step s4 = acc.step(s3.token());
        NegTokenResp completed = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(s4.token()));
        assertTrue(completed.mechListMic().isPresent());
        byte[] stripped = new NegTokenResp(
                        completed.negState(), completed.supportedMech(), completed.responseToken(), Optional.empty())
                .encode();
        NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(stripped));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    // ------------------------------------------------------------ logging hygiene

    @Test
    void logging_decisionsAtDebug_noTokens_authenticateNeverInBase64() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegotiateAcceptor acc = acceptor(ntlm);
        List<byte[]> tokens;
        List<LogCapture.Line> lines;
        try (LogCapture capture = new LogCapture("org.jnegotiate")) {
            tokens = run(init, acc, t -> t);
            lines = capture.lines();
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        // tokens are the door's to log, once, at TRACE, the AUTHENTICATE by its size only: see
        // SspiRealMechanismTest.negotiateOverNtlm_logging_...; SPNEGO and NTLM behind the door log none
        byte[] authenticate = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(2)))
                .responseToken()
                .orElseThrow();
        for (String secret : List.of(b64.encodeToString(tokens.get(2)), b64.encodeToString(authenticate))) {
            assertTrue(lines.stream().noneMatch(l -> l.text().contains(secret)), "the AUTHENTICATE is never logged");
        }
        for (byte[] t : tokens) {
            String s = b64.encodeToString(t);
            assertTrue(lines.stream().noneMatch(l -> l.text().contains(s)), "no token in the mechanisms' records");
        }
        assertTrue(lines.stream().noneMatch(l -> l.level().equals("TRACE")), "the mechanisms trace nothing");
        assertTrue(lines.stream()
                .anyMatch(l -> l.level().equals("DEBUG") && l.text().startsWith("NTLM acceptor challenges with")));
        assertTrue(lines.stream()
                .anyMatch(l -> l.level().equals("DEBUG")
                        && l.text()
                                .equals("Negotiate acceptor established with " + MechOid.NTLM
                                        + " (mechListMIC exchanged)")));
        assertTrue(lines.stream()
                .noneMatch(l -> l.level().equals("INFO") || l.level().equals("WARNING")));
    }

    // ------------------------------------------------------------ NTLM across stateless acceptors (issue 11 item 2):
    // each leg reaches a new acceptor context, the previous one disposed, as Tomcat's SpnegoAuthenticator does; the
    // last leg's mechListMIC is verified over the initiator's mechTypes of the first leg, kept with NTLM's handshake

    /** The first leg on a context disposed afterwards; the initiator's last leg (AUTHENTICATE, mechListMIC). */
    private NegTokenResp lastLegAfterDisposedFirst(NegotiateInitiator init) throws NegotiateException {
        Step[] a = new Step[1];
        leg(init.step(null).token(), a);
        return (NegTokenResp) NegotiationToken.decode(init.step(a[0].token()).token());
    }

    /** One leg on a new acceptor context, disposed afterwards unless it established. */
    private NegotiateAcceptor leg(byte[] token, Step[] out) throws NegotiateException {
        NegotiateAcceptor acc = acceptor(ntlm);
        out[0] = acc.step(token);
        if (!acc.isEstablished()) {
            acc.dispose();
        }
        return acc;
    }

    @Test
    void ntlmOnly_everyLegOnAFreshContext_establishesWithMechListMics() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        Step[] a = new Step[1];
        leg(init.step(null).token(), a);
        byte[] authenticate = init.step(a[0].token()).token();
        assertTrue(((NegTokenResp) NegotiationToken.decode(authenticate))
                .mechListMic()
                .isPresent());
        NegotiateAcceptor last = leg(authenticate, a);
        assertEquals(Status.OK, a[0].status());
        NegTokenResp done = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(a[0].token()));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), done.negState());
        assertTrue(done.mechListMic().isPresent(), "the acceptor's own mechListMIC goes back");
        assertEquals(Status.OK, init.step(a[0].token()).status(), "the initiator verifies that MIC");
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), last.initiatorName());
        assertEquals(Optional.of(MechOid.NTLM), last.negotiatedMechanism());
        byte[] msg = "over a resumed context".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = init.protector().wrap(msg, 0, msg.length, true);
        assertArrayEquals(msg, last.protector().unwrap(sealed, 0, sealed.length).message());
    }

    /** A counter-proposal (NTLM not the first choice): the second leg, carrying the NEGOTIATE, has no state to use. */
    @Test
    void counterProposal_secondLegOnFreshContext_outOfSequence() throws Exception {
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        Step[] a = new Step[1];
        leg(init.step(null).token(), a);
        byte[] negotiate = init.step(a[0].token()).token();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(negotiate));
        assertEquals(Failure.OUT_OF_SEQUENCE, e.failure(), e.getMessage());
    }

    /** A counter-proposal whose second leg met the same context: the third resumes, the MIC still required. */
    @Test
    void counterProposal_lastLegOnFreshContext_establishesWithMechListMics() throws Exception {
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor first = acceptor(ntlm);
        byte[] challenge = first.step(
                        init.step(first.step(init.step(null).token()).token()).token())
                .token();
        first.dispose();
        Step[] a = new Step[1];
        NegotiateAcceptor last = leg(init.step(challenge).token(), a);
        assertEquals(Status.OK, a[0].status());
        assertEquals(Status.OK, init.step(a[0].token()).status());
        assertTrue(last.isEstablished() && init.isEstablished());
    }

    @Test
    void lastLeg_mechListMicStripped_downgradeDetected() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegTokenResp r = lastLegAfterDisposedFirst(init);
        byte[] stripped =
                new NegTokenResp(r.negState(), r.supportedMech(), r.responseToken(), Optional.empty()).encode();
        NegotiateAcceptor fresh = acceptor(ntlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> fresh.step(stripped));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure(), e.getMessage());
        assertFalse(fresh.isEstablished());
    }

    @Test
    void lastLeg_mechListMicAltered_downgradeDetected() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegTokenResp r = lastLegAfterDisposedFirst(init);
        byte[] mic = r.mechListMic().orElseThrow();
        mic[4] ^= 1; // the checksum (after the version, before the sequence number)
        byte[] altered =
                new NegTokenResp(r.negState(), r.supportedMech(), r.responseToken(), Optional.of(mic)).encode();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(altered));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure(), e.getMessage());
    }

    /** The SPNEGO wrapping removed from the last leg: the mechanism list would go unverified. */
    @Test
    void lastLeg_unwrappedToRawNtlm_downgradeDetected() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegTokenResp r = lastLegAfterDisposedFirst(init);
        byte[] raw = r.responseToken().orElseThrow();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(raw));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure(), e.getMessage());
    }

    @Test
    void lastLeg_replayedOnAnotherFreshContext_replayedToken() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        Step[] a = new Step[1];
        leg(init.step(null).token(), a);
        byte[] authenticate = init.step(a[0].token()).token();
        leg(authenticate, a);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(authenticate));
        assertEquals(Failure.REPLAYED_TOKEN, e.failure(), e.getMessage());
        assertEquals(
                Optional.of(NegState.REJECT),
                ((NegTokenResp) NegotiationToken.decode(e.errorToken().orElseThrow())).negState());
    }

    @Test
    void negTokenRespWithoutNtlmAuthenticate_onFreshContext_outOfSequence() throws Exception {
        byte[] empty =
                NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, null, null, null).encode();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(empty));
        assertEquals(Failure.OUT_OF_SEQUENCE, e.failure(), e.getMessage());
    }

    @Test
    void negTokenRespNamingKerberosWithNtlmToken_onFreshContext_invalidToken() throws Exception {
        NegotiateInitiator init = initiator("Secret1", ntlm);
        NegTokenResp r = lastLegAfterDisposedFirst(init);
        byte[] lying = NegTokenResp.of(
                        NegState.ACCEPT_INCOMPLETE,
                        MechOid.KERBEROS,
                        r.responseToken().orElseThrow(),
                        r.mechListMic().orElseThrow())
                .encode();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(ntlm).step(lying));
        assertEquals(Failure.INVALID_TOKEN, e.failure(), e.getMessage());
    }
}
