package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenInit2Encoder;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.jnegotiate.testing.FakeMechanism;
import org.jnegotiate.testing.FakeMechanism.FailurePoint;
import org.junit.jupiter.api.Test;

/** Negotiate initiator against Negotiate acceptor, in memory, over fake inner mechanisms. */
class NegotiateLoopbackTest {
    private static final NegotiateConfig CONFIG = NegotiateConfig.defaults();
    private static final List<MechOid> WINDOWS_ORDER = List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM);

    /** Kerberos-like: two legs (mutual); NTLM-like: three legs. */
    private final FakeMechanism clientKrb = new FakeMechanism("KRB", 2, MechOid.KERBEROS, MechOid.MS_KERBEROS);

    private final FakeMechanism clientNtlm = new FakeMechanism("NTLM", 3, MechOid.NTLM);
    private final FakeMechanism serverKrb = new FakeMechanism("KRB", 2, MechOid.KERBEROS, MechOid.MS_KERBEROS);
    private final FakeMechanism serverNtlm = new FakeMechanism("NTLM", 3, MechOid.NTLM);

    private static NegotiateMechanism negotiate(NegotiateConfig config, FakeMechanism... mechs) {
        Map<MechOid, Mechanism> map = new HashMap<>();
        for (FakeMechanism m : mechs) {
            m.oids().forEach(o -> map.put(o, m));
        }
        return new NegotiateMechanism(config, o -> Optional.ofNullable(map.get(o)));
    }

    private static NegotiateInitiator initiator(NegotiateConfig config, String target, FakeMechanism... mechs)
            throws NegotiateException {
        NegotiateMechanism n = negotiate(config, mechs);
        return n.initiator(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE)),
                ContextRequest.builder().target(PeerName.hostbased(target)).build());
    }

    private NegotiateInitiator initiator(FakeMechanism... mechs) throws NegotiateException {
        return initiator(CONFIG, "HTTP@server.example.com", mechs);
    }

    private static NegotiateAcceptor acceptor(FakeMechanism... mechs) throws NegotiateException {
        NegotiateMechanism n = negotiate(CONFIG, mechs);
        return n.acceptor(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT)),
                ContextRequest.builder().build());
    }

    /** The tokens of one exchange, in order; {@code toAcceptor}/{@code toInitiator} may rewrite them. */
    private static List<byte[]> run(
            NegotiateInitiator init,
            NegotiateAcceptor acc,
            UnaryOperator<byte[]> toAcceptor,
            UnaryOperator<byte[]> toInitiator)
            throws NegotiateException {
        List<byte[]> tokens = new ArrayList<>();
        Step s = init.step(null);
        while (s.hasToken()) {
            byte[] t = toAcceptor.apply(s.token());
            tokens.add(t);
            Step a = acc.step(t);
            if (!a.hasToken()) {
                break;
            }
            byte[] r = toInitiator.apply(a.token());
            tokens.add(r);
            s = init.step(r);
        }
        return tokens;
    }

    private static List<byte[]> run(NegotiateInitiator init, NegotiateAcceptor acc) throws NegotiateException {
        List<byte[]> tokens = run(init, acc, t -> t, t -> t);
        assertTrue(init.isEstablished(), "initiator established");
        assertTrue(acc.isEstablished(), "acceptor established");
        return tokens;
    }

    private static NegotiationToken decode(byte[] t) throws NegotiateException {
        return NegotiationToken.decode(t);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------ success paths

    @Test
    void optimisticKerberos_twoLegs_noMechListMic() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        List<byte[]> tokens = run(init, acc);

        assertEquals(2, tokens.size());
        NegTokenInit first = assertInstanceOf(NegTokenInit.class, decode(tokens.get(0)));
        assertEquals(WINDOWS_ORDER, first.mechTypes().known());
        assertArrayEquals(
                GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1")),
                first.mechToken().orElseThrow());
        NegTokenResp reply = assertInstanceOf(NegTokenResp.class, decode(tokens.get(1)));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), reply.negState());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), reply.supportedMechanism());
        assertTrue(reply.mechListMic().isEmpty());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), init.negotiatedMechanism());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), acc.negotiatedMechanism());
        assertEquals(MechOid.SPNEGO, init.mechanism());
        assertEquals('K', init.protector().wrap(new byte[] {1}, 0, 1, false)[0]);
        assertTrue(init.fallbackReason().isEmpty());
    }

    @Test
    void acceptorOnlyHasSecondChoice_counterProposalAndMics() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverNtlm);
        List<byte[]> tokens = run(init, acc);

        // NegTokenInit(KRB), resp(NTLM, no token), NEGOTIATE, CHALLENGE, AUTHENTICATE+MIC, completed+MIC
        assertEquals(6, tokens.size());
        NegTokenResp counter = assertInstanceOf(NegTokenResp.class, decode(tokens.get(1)));
        assertEquals(Optional.of(NegState.ACCEPT_INCOMPLETE), counter.negState());
        assertEquals(Optional.of(MechOid.NTLM), counter.supportedMechanism());
        assertTrue(counter.responseToken().isEmpty());
        NegTokenResp auth = assertInstanceOf(NegTokenResp.class, decode(tokens.get(4)));
        assertArrayEquals(ascii("NTLM:I2"), auth.responseToken().orElseThrow());
        assertTrue(auth.mechListMic().isPresent());
        NegTokenResp last = assertInstanceOf(NegTokenResp.class, decode(tokens.get(5)));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), last.negState());
        assertTrue(last.mechListMic().isPresent());
        assertEquals(Optional.of(MechOid.NTLM), init.negotiatedMechanism());
        assertEquals(0, serverKrb.acceptorsOpened());
        assertEquals(1, clientKrb.initiatorsOpened());
    }

    @Test
    void kerberosMutualCounterProposal_acceptorMicTravelsWithApRep() throws Exception {
        NegotiateConfig ntlmFirst = CONFIG.toBuilder()
                .mechanisms(List.of(MechOid.NTLM, MechOid.KERBEROS))
                .build();
        NegotiateInitiator init = initiator(ntlmFirst, "HTTP@server.example.com", clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb);
        List<byte[]> tokens = run(init, acc);

        assertEquals(
                List.of(MechOid.NTLM, MechOid.MS_KERBEROS, MechOid.KERBEROS),
                assertInstanceOf(NegTokenInit.class, decode(tokens.get(0)))
                        .mechTypes()
                        .known());
        NegTokenResp apRep = assertInstanceOf(NegTokenResp.class, decode(tokens.get(3)));
        assertEquals(Optional.of(NegState.ACCEPT_INCOMPLETE), apRep.negState());
        assertTrue(apRep.mechListMic().isPresent());
        assertEquals(5, tokens.size()); // the initiator's MIC is the last token; the acceptor answers nothing
        assertEquals(Optional.of(MechOid.MS_KERBEROS), acc.negotiatedMechanism());
    }

    @Test
    void optimisticTokenOfUnsupportedFirstMech_isIgnored() throws Exception {
        NegotiateAcceptor acc = acceptor(serverNtlm);
        byte[] init = NegTokenInit.of(
                        MechTypeList.of(WINDOWS_ORDER), GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1")))
                .encode();
        NegTokenResp r =
                assertInstanceOf(NegTokenResp.class, decode(acc.step(init).token()));
        assertEquals(Optional.of(NegState.ACCEPT_INCOMPLETE), r.negState());
        assertEquals(Optional.of(MechOid.NTLM), r.supportedMechanism());
        assertTrue(r.responseToken().isEmpty());
    }

    @Test
    void msKerberosFirst_answeredAsMsKerberos() throws Exception {
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] init = NegTokenInit.of(
                        MechTypeList.of(WINDOWS_ORDER), GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1")))
                .encode();
        NegTokenResp r =
                assertInstanceOf(NegTokenResp.class, decode(acc.step(init).token()));
        assertEquals(Optional.of("1.2.840.48018.1.2.2"), r.supportedMech());
        assertArrayEquals(
                GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:A1")),
                r.responseToken().orElseThrow());
        assertTrue(acc.isEstablished());
    }

    // ------------------------------------------------------------ local fallback

    @Test
    void kerberosWithoutAuthority_fallsBackToNtlmBeforeSending() throws Exception {
        clientKrb.failAt(FailurePoint.INITIATOR, new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "no KDC"));
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        List<byte[]> tokens = run(init, acc);

        NegTokenInit first = assertInstanceOf(NegTokenInit.class, decode(tokens.get(0)));
        assertEquals(List.of(MechOid.NTLM), first.mechTypes().known());
        assertArrayEquals(ascii("NTLM:I1"), first.mechToken().orElseThrow());
        assertEquals(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                init.fallbackReason().orElseThrow().failure());
        assertEquals(Optional.of(MechOid.NTLM), acc.negotiatedMechanism());
    }

    @Test
    void kerberosFirstStepNoCredentials_fallsBackToNtlm() throws Exception {
        clientKrb.failAt(FailurePoint.FIRST_STEP, new NegotiateException(Failure.NO_CREDENTIALS, "no TGT"));
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        run(init, acceptor(serverKrb, serverNtlm));
        assertEquals(Optional.of(MechOid.NTLM), init.negotiatedMechanism());
        assertEquals(Failure.NO_CREDENTIALS, init.fallbackReason().orElseThrow().failure());
    }

    @Test
    void ipAddressTarget_usesNtlm() throws Exception {
        NegotiateInitiator init = initiator(CONFIG, "HTTP@192.0.2.10", clientKrb, clientNtlm);
        run(init, acceptor(serverKrb, serverNtlm));
        assertEquals(Optional.of(MechOid.NTLM), init.negotiatedMechanism());
        assertEquals(Failure.TARGET_UNKNOWN, init.fallbackReason().orElseThrow().failure());
        assertEquals(0, clientKrb.initiatorsOpened());
    }

    @Test
    void fallbackDisabled_kerberosFailureSurfaces() throws Exception {
        clientKrb.failAt(FailurePoint.INITIATOR, new NegotiateException(Failure.TARGET_UNKNOWN, "unknown SPN"));
        NegotiateInitiator init = initiator(
                CONFIG.toBuilder().ntlmFallback(false).build(), "HTTP@server.example.com", clientKrb, clientNtlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(null));
        assertEquals(Failure.TARGET_UNKNOWN, e.failure());
    }

    @Test
    void kerberosFailureOutsideFallbackSet_surfaces() throws Exception {
        clientKrb.failAt(FailurePoint.FIRST_STEP, new NegotiateException(Failure.TIME_SKEW, "clock"));
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(null));
        assertEquals(Failure.TIME_SKEW, e.failure());
    }

    @Test
    void noKerberosCredential_kerberosNotOffered() throws Exception {
        clientKrb.failAt(FailurePoint.ACQUIRE, new NegotiateException(Failure.NO_CREDENTIALS, "no ccache"));
        NegotiateMechanism n = negotiate(CONFIG, clientKrb, clientNtlm);
        NegotiateCredential cred = n.acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE));
        assertEquals(
                Failure.NO_CREDENTIALS, cred.failures().get(MechOid.KERBEROS).failure());
        NegotiateInitiator init = n.initiator(
                MechOid.SPNEGO,
                cred,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@server"))
                        .build());
        NegTokenInit first =
                assertInstanceOf(NegTokenInit.class, decode(init.step(null).token()));
        assertEquals(List.of(MechOid.NTLM), first.mechTypes().known());
    }

    @Test
    void noCredentialAtAll_acquireFailsNoCredentials() {
        clientKrb.failAt(FailurePoint.ACQUIRE, new NegotiateException(Failure.NO_CREDENTIALS, "no ccache"));
        clientNtlm.failAt(FailurePoint.ACQUIRE, new NegotiateException(Failure.NO_CREDENTIALS, "no password"));
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> negotiate(CONFIG, clientKrb, clientNtlm)
                        .acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
    }

    // ------------------------------------------------------------ downgrade protection

    /** A man in the middle who removes the Kerberos OIDs and the Kerberos optimistic token. */
    private static byte[] stripKerberos(byte[] token) {
        try {
            if (decode(token) instanceof NegTokenInit init) {
                List<MechOid> rest = new ArrayList<>(init.mechTypes().known());
                rest.removeIf(MechOid::isKerberos);
                return new NegTokenInit(MechTypeList.of(rest), OptionalInt.empty(), Optional.empty(), Optional.empty())
                        .encode();
            }
            return token;
        } catch (NegotiateException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mechListStripped_acceptorDetectsDowngrade() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> run(init, acc, NegotiateLoopbackTest::stripKerberos, t -> t));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
        assertFalse(acc.isEstablished());
    }

    @Test
    void mechListStripped_initiatorDetectsDowngradeFromAcceptorMic() throws Exception {
        NegotiateConfig ntlmFirst = CONFIG.toBuilder()
                .mechanisms(List.of(MechOid.NTLM, MechOid.KERBEROS))
                .build();
        NegotiateInitiator init = initiator(ntlmFirst, "HTTP@server.example.com", clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        UnaryOperator<byte[]> stripNtlm = t -> {
            try {
                if (decode(t) instanceof NegTokenInit i) {
                    return new NegTokenInit(
                                    MechTypeList.of(List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS)),
                                    OptionalInt.empty(),
                                    Optional.empty(),
                                    Optional.empty())
                            .encode();
                }
                return t;
            } catch (NegotiateException e) {
                throw new AssertionError(e);
            }
        };
        NegotiateException e = assertThrows(NegotiateException.class, () -> run(init, acc, stripNtlm, t -> t));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
        assertFalse(init.isEstablished());
    }

    private static UnaryOperator<byte[]> dropMic() {
        return t -> {
            try {
                if (decode(t) instanceof NegTokenResp r && r.mechListMic().isPresent()) {
                    return new NegTokenResp(r.negState(), r.supportedMech(), r.responseToken(), Optional.empty())
                            .encode();
                }
                return t;
            } catch (NegotiateException e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void requiredMicMissingFromInitiator_acceptorFailsDowngrade() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverNtlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> run(init, acc, dropMic(), t -> t));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    @Test
    void requiredMicMissingFromAcceptor_initiatorFailsDowngrade() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverNtlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> run(init, acc, t -> t, dropMic()));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
        assertFalse(init.isEstablished());
    }

    @Test
    void requestMic_initiatorSendsMicAndWaitsForAcceptors() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegTokenInit first =
                assertInstanceOf(NegTokenInit.class, decode(init.step(null).token()));
        Step s = init.step(NegTokenResp.of(
                        NegState.REQUEST_MIC,
                        MechOid.MS_KERBEROS,
                        GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:A1")),
                        null)
                .encode());
        assertEquals(org.jnegotiate.mech.Status.CONTINUE_NEEDED, s.status());
        NegTokenResp withMic = assertInstanceOf(NegTokenResp.class, decode(s.token()));
        byte[] expected = clientKrb.mic(first.mechTypes().der());
        assertArrayEquals(expected, withMic.mechListMic().orElseThrow());
        // completed without the acceptor's MIC: refused
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> init.step(NegTokenResp.of(NegState.ACCEPT_COMPLETED, null, null, null)
                        .encode()));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    @Test
    void requestMic_completedWithAcceptorMic_established() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegTokenInit first =
                assertInstanceOf(NegTokenInit.class, decode(init.step(null).token()));
        init.step(NegTokenResp.of(
                        NegState.REQUEST_MIC,
                        MechOid.MS_KERBEROS,
                        GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:A1")),
                        null)
                .encode());
        byte[] mic = clientKrb.mic(first.mechTypes().der());
        Step done = init.step(
                NegTokenResp.of(NegState.ACCEPT_COMPLETED, null, null, mic).encode());
        assertEquals(org.jnegotiate.mech.Status.OK, done.status());
        assertFalse(done.hasToken());
        assertTrue(init.isEstablished());
    }

    @Test
    void alteredAcceptorMic_initiatorFailsDowngrade() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> init.step(NegTokenResp.of(
                                NegState.ACCEPT_COMPLETED,
                                MechOid.MS_KERBEROS,
                                GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:A1")),
                                new byte[12])
                        .encode()));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    // ------------------------------------------------------------ rejection

    @Test
    void innerMechanismRejects_acceptorSendsRejectAndInitiatorSurfacesInnerError() throws Exception {
        serverKrb.rejectFirstToken(Failure.TIME_SKEW);
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] first = init.step(null).token();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(first));
        assertEquals(Failure.TIME_SKEW, e.failure());
        NegTokenResp reject =
                assertInstanceOf(NegTokenResp.class, decode(e.errorToken().orElseThrow()));
        assertEquals(Optional.of(NegState.REJECT), reject.negState());
        assertArrayEquals(
                GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:ERR")),
                reject.responseToken().orElseThrow());
        NegotiateException atInitiator = assertThrows(
                NegotiateException.class, () -> init.step(e.errorToken().get()));
        assertEquals(Failure.TIME_SKEW, atInitiator.failure());
    }

    @Test
    void bareReject_initiatorFailsLogonDenied() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> init.step(
                        NegTokenResp.of(NegState.REJECT, null, null, null).encode()));
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }

    @Test
    void emptyMechList_acceptorRejectsInvalidToken() throws Exception {
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] init = NegTokenInit.of(MechTypeList.of(List.of()), null).encode();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(init));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertEquals(
                Optional.of(NegState.REJECT),
                assertInstanceOf(NegTokenResp.class, decode(e.errorToken().orElseThrow()))
                        .negState());
    }

    @Test
    void unknownOnlyMechList_acceptorRejectsUnsupported() throws Exception {
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] init = NegTokenInit.of(MechTypeList.ofDotted(List.of("1.2.3.4", MechOid.NEGOEX.dotted())), null)
                .encode();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(init));
        assertEquals(Failure.UNSUPPORTED_FUNCTION, e.failure());
        assertEquals(
                Optional.of(NegState.REJECT),
                assertInstanceOf(NegTokenResp.class, decode(e.errorToken().orElseThrow()))
                        .negState());
    }

    // ------------------------------------------------------------ sequence errors

    @Test
    void stepAfterCompletion_outOfSequenceOnBothSides() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        List<byte[]> tokens = run(init, acc);
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> init.step(tokens.get(1)))
                        .failure());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> acc.step(tokens.get(0)))
                        .failure());
    }

    @Test
    void secondNegTokenInit_outOfSequenceOnBothSides() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverNtlm);
        byte[] first = init.step(null).token();
        acc.step(first);
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> acc.step(first)).failure());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> init.step(first)).failure());
    }

    @Test
    void counterProposalWithResponseToken_initiatorFailsInvalidToken() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> init.step(NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, MechOid.NTLM, ascii("NTLM:A1"), null)
                        .encode()));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void responseTokenOfUnchosenMechanism_acceptorFailsInvalidToken() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverNtlm);
        acc.step(init.step(null).token()); // counter-proposal: NTLM
        byte[] krbToken = NegTokenResp.of(null, null, GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1")), null)
                .encode();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(krbToken));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void supportedMechNotOffered_initiatorFailsInvalidToken() throws Exception {
        clientKrb.failAt(FailurePoint.ACQUIRE, new NegotiateException(Failure.NO_CREDENTIALS, "none"));
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> init.step(NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, MechOid.KERBEROS, null, null)
                        .encode()));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void garbageReply_initiatorFailsInvalidToken() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> init.step(new byte[] {0x30, 0x00}))
                        .failure());
    }

    // ------------------------------------------------------------ server-initiated and raw tokens

    @Test
    void negTokenInit2FirstInput_offersOnlyTheAcceptorsMechanisms() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        byte[] hints = NegTokenInit2Encoder.windowsHints(MechTypeList.of(List.of(MechOid.NEGOEX, MechOid.NTLM)));
        NegTokenInit first =
                assertInstanceOf(NegTokenInit.class, decode(init.step(hints).token()));
        assertEquals(List.of(MechOid.NTLM), first.mechTypes().known());
        assertArrayEquals(ascii("NTLM:I1"), first.mechToken().orElseThrow());
    }

    @Test
    void windowsNegTokenInit2_keepsWindowsOrderAndCompletes() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] hints = NegTokenInit2Encoder.windowsHints(MechTypeList.of(
                List.of(MechOid.NEGOEX, MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.KERBEROS_U2U, MechOid.NTLM)));
        byte[] first = init.step(hints).token();
        assertEquals(
                WINDOWS_ORDER,
                assertInstanceOf(NegTokenInit.class, decode(first)).mechTypes().known());
        Step reply = acc.step(first);
        assertTrue(init.step(reply.token()).status() == org.jnegotiate.mech.Status.OK);
        assertTrue(init.isEstablished() && acc.isEstablished());
    }

    @Test
    void rawFramedKerberos_acceptedDirectly() throws Exception {
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        Step s = acc.step(GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1")));
        assertArrayEquals(GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:A1")), s.token());
        assertTrue(acc.isEstablished());
        assertTrue(acc.isDirect());
        assertEquals(Optional.of(MechOid.KERBEROS), acc.negotiatedMechanism());
    }

    @Test
    void framedForeignMechanism_acceptorFailsInvalidToken() throws Exception {
        NegotiateAcceptor acc = acceptor(serverKrb, serverNtlm);
        byte[] framed = GssFraming.wrap(MechOid.NEGOEX, ascii("x"));
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> acc.step(framed)).failure());
    }

    @Test
    void protectorBeforeEstablishment_invalidHandle() throws Exception {
        NegotiateInitiator init = initiator(clientKrb, clientNtlm);
        init.step(null);
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, init::protector).failure());
    }
}
