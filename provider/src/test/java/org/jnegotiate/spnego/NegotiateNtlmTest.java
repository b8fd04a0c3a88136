package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.junit.jupiter.api.Test;

/** Negotiate over the real NTLM mechanism (with a fake Kerberos where a Kerberos is needed). */
class NegotiateNtlmTest {
    private static final NegotiateConfig CONFIG = NegotiateConfig.defaults();
    private final NtlmMechanism ntlm = new NtlmMechanism(CONFIG,
            (domain, user) -> "alice".equalsIgnoreCase(user)
                    ? Optional.of(SecretBytes.adopt(NtlmCrypto.ntowfV1("Secret1".toCharArray()))) : Optional.empty(),
            new NtlmServerNames("SERVER", "DOMAIN", "server.domain.local", "domain.local"), new SecureRandom(),
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
        return ContextRequest.builder().target(PeerName.hostbased("HTTP@server.domain.local"))
                .flag(ContextFlag.INTEGRITY, true).flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true).flag(ContextFlag.SEQUENCE_DETECTION, true).build();
    }

    private NegotiateInitiator initiator(String password, Mechanism... mechs) throws NegotiateException {
        NegotiateMechanism n = negotiate(mechs);
        return n.initiator(MechOid.SPNEGO, n.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"),
                MechCredential.Usage.INITIATE).withPassword(password.toCharArray())), request());
    }

    private NegotiateAcceptor acceptor(Mechanism... mechs) throws NegotiateException {
        NegotiateMechanism n = negotiate(mechs);
        return n.acceptor(MechOid.SPNEGO, n.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT)),
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
            assertArrayEquals(msg, acc.protector().unwrap(sealed, 0, sealed.length).message());
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
        assertTrue(assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(2))).mechListMic().isPresent());
        NegTokenResp last = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(tokens.get(3)));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), last.negState());
        assertTrue(last.mechListMic().isPresent());
        assertTrue(acc.initiatorName().orElseThrow().name().toLowerCase().contains("alice"));
        assertProtectsBothWays(init, acc);
    }

    @Test
    void kerberosUnreachable_fallsBackToRealNtlm() throws Exception {
        clientKrb.firstStepFailure = new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "KDC unreachable");
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        run(init, acc, t -> t);
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(Optional.of(MechOid.NTLM), acc.negotiatedMechanism());
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, init.fallbackReason().orElseThrow().failure());
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
        NegTokenResp reject = assertInstanceOf(NegTokenResp.class,
                NegotiationToken.decode(e.errorToken().orElseThrow()));
        assertEquals(Optional.of(NegState.REJECT), reject.negState());
        assertEquals(Failure.LOGON_DENIED,
                assertThrows(NegotiateException.class, () -> init.step(e.errorToken().get())).failure());
    }

    @Test
    void kerberosStrippedByManInTheMiddle_realNtlmMicDetectsDowngrade() throws Exception {
        NegotiateInitiator init = initiator("Secret1", clientKrb, ntlm);
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        NegotiateException e = assertThrows(NegotiateException.class, () -> run(init, acc, t -> {
            try {
                if (NegotiationToken.decode(t) instanceof NegTokenInit) {
                    return new NegTokenInit(MechTypeList.of(List.of(MechOid.NTLM)), OptionalInt.empty(),
                            Optional.empty(), Optional.empty()).encode();
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
        MechContext rawInit = ntlm.initiator(MechOid.NTLM, ntlm.acquire(CredentialRequest.of(
                PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE).withPassword("Secret1".toCharArray())),
                request());
        NegotiateAcceptor acc = acceptor(serverKrb, ntlm);
        List<byte[]> tokens = run(rawInit, acc, t -> t);
        assertTrue(acc.isEstablished() && rawInit.isEstablished());
        assertTrue(acc.isDirect());
        assertEquals("NTLMSSP\0", new String(tokens.get(1), 0, 8, StandardCharsets.US_ASCII));
        assertProtectsBothWays(rawInit, acc);
    }
}
