package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.KerberosMechanism;
import org.jnegotiate.krb5.KerberosSettings;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.junit.jupiter.api.Test;

/** Negotiate over the real Kerberos mechanism (tickets from the embedded Kerby KDC) and the real NTLM. */
class NegotiateKerberosTest {

    private static NegotiateMechanism negotiate() throws Exception {
        return negotiate(Duration.ZERO);
    }

    /** Negotiate whose Kerberos contexts see a clock {@code offset} from the KDC's. */
    private static NegotiateMechanism negotiate(Duration offset) throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        // the NTLM acceptor answers for both targets the tests fall back with (in-process: the reflection check)
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .ntlmServiceNames(List.of("HTTP/localhost", "HTTP/nosuchservice.localhost"))
                .build();
        KerberosMechanism standard = KerberosMechanism.create(config);
        KerberosSettings s = standard.settings();
        Mechanism krb = offset.isZero()
                ? standard
                : new KerberosMechanism(
                        standard::acquire,
                        new KerberosSettings(
                                s.crypto(),
                                Clock.offset(s.clock(), offset),
                                s.clockSkew(),
                                s.realmResolver(),
                                s.replayCache(),
                                s.allowMissingBindings(),
                                s.allowWeakCrypto(),
                                s.tgsClient()));
        Mechanism ntlm = new NtlmMechanism(
                config,
                (domain, user) -> KerbyKdc.ALICE.equalsIgnoreCase(user)
                        ? Optional.of(SecretBytes.adopt(NtlmCrypto.ntowfV1(KerbyKdc.ALICE_PASSWORD.toCharArray())))
                        : Optional.empty(),
                new NtlmServerNames("LOCALHOST", "TEST", "localhost", "test.jnegotiate"),
                new SecureRandom(),
                Clock.systemUTC());
        return new NegotiateMechanism(
                config,
                oid -> oid.isKerberos()
                        ? Optional.of(krb)
                        : oid == MechOid.NTLM ? Optional.of(ntlm) : Optional.empty());
    }

    private static NegotiateInitiator initiator(NegotiateMechanism n, String target) throws NegotiateException {
        return n.initiator(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(PeerName.user(KerbyKdc.ALICE), MechCredential.Usage.INITIATE)
                        .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray())),
                ContextRequest.builder()
                        .target(PeerName.hostbased(target))
                        .flag(ContextFlag.MUTUAL, true)
                        .flag(ContextFlag.INTEGRITY, true)
                        .flag(ContextFlag.CONFIDENTIALITY, true)
                        .build());
    }

    private static NegotiateAcceptor acceptor(NegotiateMechanism n) throws NegotiateException {
        return n.acceptor(
                MechOid.SPNEGO,
                n.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), MechCredential.Usage.ACCEPT)),
                ContextRequest.builder().build());
    }

    @Test
    void kerberosOptimistic_msKrb5MutualInTwoLegs() throws Exception {
        NegotiateMechanism n = negotiate();
        NegotiateInitiator init = initiator(n, "HTTP@localhost");
        NegotiateAcceptor acc = acceptor(n);

        byte[] t1 = init.step(null).token();
        NegTokenInit first = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(t1));
        assertEquals(
                List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM),
                first.mechTypes().known());
        GssFraming.Framed apReq = GssFraming.unwrap(first.mechToken().orElseThrow());
        assertEquals(Optional.of(MechOid.KERBEROS), apReq.mechanism());
        assertEquals(0x01, apReq.inner()[0]);

        Step t2 = acc.step(t1);
        NegTokenResp reply = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(t2.token()));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), reply.negState());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), reply.supportedMechanism());
        assertEquals(0x02, GssFraming.unwrap(reply.responseToken().orElseThrow(), MechOid.KERBEROS)[0]);
        assertTrue(reply.mechListMic().isEmpty());
        Step t3 = init.step(t2.token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertTrue(!t3.hasToken());
        assertEquals(
                "alice@" + KerbyKdc.REALM, acc.initiatorName().orElseThrow().name());
        assertEquals(
                "HTTP/localhost@" + KerbyKdc.REALM,
                init.acceptorName().orElseThrow().name(),
                "the canonical principal of HTTP@localhost, through SPNEGO");
        assertEquals(acc.acceptorName(), init.acceptorName());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), acc.negotiatedMechanism());
        assertTrue(init.granted().contains(ContextFlag.MUTUAL));
        // the inner Kerberos key's enctype passes through SPNEGO (GSS KRB5_GET_SESSION_KEY_EX)
        assertEquals(
                java.util.OptionalInt.of(17), init.sessionKeyType(), "aes128-cts-hmac-sha1-96, Kerby's first enctype");
        assertEquals(init.sessionKeyType(), acc.sessionKeyType());
        assertArrayEquals(init.sessionKey().toByteArray(), acc.sessionKey().toByteArray());

        byte[] m = "Negotiate over a real ticket".getBytes(StandardCharsets.UTF_8);
        byte[] w = init.protector().wrap(m, 0, m.length, true);
        assertArrayEquals(m, acc.protector().unwrap(w, 0, w.length).message());
        byte[] back = acc.protector().wrap(m, 0, m.length, true);
        assertArrayEquals(m, init.protector().unwrap(back, 0, back.length).message());
    }

    @Test
    void unknownServicePrincipal_fallsBackToNtlm() throws Exception {
        NegotiateMechanism n = negotiate();
        NegotiateInitiator init = initiator(n, "HTTP@nosuchservice.localhost");
        NegotiateAcceptor acc = acceptor(n);
        byte[] t1 = init.step(null).token();
        assertEquals(
                List.of(MechOid.NTLM),
                assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(t1))
                        .mechTypes()
                        .known());
        assertTrue(init.fallbackReason().isPresent());
        assertTrue(
                NegotiateInitiator.NTLM_FALLBACK_FAILURES.contains(
                        init.fallbackReason().get().failure()),
                init.fallbackReason().get().getMessage());
        Step s = acc.step(t1);
        while (s.hasToken() && !init.isEstablished()) {
            Step i = init.step(s.token());
            if (!i.hasToken()) {
                break;
            }
            s = acc.step(i.token());
        }
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(Optional.of(MechOid.NTLM), acc.negotiatedMechanism());
    }

    @Test
    void acceptorClockSkewed_rejectCarriesKrbError_initiatorReportsTimeSkew() throws Exception {
        NegotiateInitiator init = initiator(negotiate(), "HTTP@localhost");
        NegotiateAcceptor acc = acceptor(negotiate(Duration.ofMinutes(10)));
        byte[] t1 = init.step(null).token();
        NegotiateException atAcceptor = assertThrows(NegotiateException.class, () -> acc.step(t1));
        assertEquals(Failure.TIME_SKEW, atAcceptor.failure());
        assertEquals(37, atAcceptor.minor());
        NegTokenResp reject = assertInstanceOf(
                NegTokenResp.class,
                NegotiationToken.decode(atAcceptor.errorToken().orElseThrow()));
        assertEquals(Optional.of(NegState.REJECT), reject.negState());
        byte[] inner = GssFraming.unwrap(reject.responseToken().orElseThrow(), MechOid.KERBEROS);
        assertArrayEquals(new byte[] {3, 0}, java.util.Arrays.copyOf(inner, 2), "a framed KRB-ERROR context token");

        NegotiateException atInitiator = assertThrows(
                NegotiateException.class,
                () -> init.step(atAcceptor.errorToken().get()));
        assertEquals(Failure.TIME_SKEW, atInitiator.failure(), atInitiator.getMessage());
        assertEquals(37, atInitiator.minor());
    }

    @Test
    void rejectWithoutInnerToken_initiatorReportsLogonDenied() throws Exception {
        NegotiateInitiator init = initiator(negotiate(), "HTTP@localhost");
        init.step(null);
        byte[] reject = NegTokenResp.of(NegState.REJECT, null, null, null).encode();
        NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(reject));
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }

    @Test
    void sessionKeyType_beforeEstablished_invalidHandle() throws Exception {
        NegotiateInitiator init = initiator(negotiate(), "HTTP@localhost");
        init.step(null);
        NegotiateException e = assertThrows(NegotiateException.class, init::sessionKeyType);
        assertEquals(Failure.INVALID_HANDLE, e.failure());
    }

    @Test
    void sessionKeyType_ntlmInside_empty() throws Exception {
        NegotiateMechanism n = negotiate();
        NegotiateInitiator init = initiator(n, "HTTP@nosuchservice.localhost");
        NegotiateAcceptor acc = acceptor(n);
        Step s = acc.step(init.step(null).token());
        while (!init.isEstablished()) {
            Step i = init.step(s.token());
            if (acc.isEstablished()) {
                break;
            }
            s = acc.step(i.token());
        }
        assertEquals(Optional.of(MechOid.NTLM), init.negotiatedMechanism());
        assertEquals(java.util.OptionalInt.empty(), init.sessionKeyType());
        assertEquals(java.util.OptionalInt.empty(), acc.sessionKeyType());
    }
}
