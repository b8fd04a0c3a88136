package org.jnegotiate.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
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
import org.jnegotiate.testing.ConstantRandom;
import org.junit.jupiter.api.Test;

/**
 * The clock and the randomness handed to {@link Engine#create(NegotiateConfig,
 * org.jnegotiate.krb5.kdc.KdcTransport, Clock, SecureRandom)} are the ones its Kerberos contexts use: the randomness
 * down to the confounders of the per-message tokens.
 */
class EngineWorldTest {

    private static Engine engine(Clock clock, SecureRandom random) throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        return Engine.create(
                NegotiateConfig.builder()
                        .krb5Conf(kdc.krb5Conf)
                        .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                        .build(),
                new NetworkKdcTransport(),
                clock,
                random);
    }

    private static MechContext initiator(Mechanism krb) throws NegotiateException {
        MechCredential alice =
                krb.acquire(CredentialRequest.of(PeerName.user(KerbyKdc.ALICE), MechCredential.Usage.INITIATE)
                        .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()));
        return krb.initiator(
                MechOid.KERBEROS,
                alice,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .flag(ContextFlag.MUTUAL, true)
                        .build());
    }

    @Test
    void injectedClock_datesTheContexts() throws Exception {
        Mechanism now =
                engine(Clock.systemUTC(), StripedSecureRandom.asSecureRandom()).mechanism(MechOid.KERBEROS);
        Mechanism later = engine(
                        Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), StripedSecureRandom.asSecureRandom())
                .mechanism(MechOid.KERBEROS);
        byte[] apReq = initiator(now).step(null).token();
        MechContext acceptor =
                later.acceptor(MechOid.KERBEROS, null, ContextRequest.builder().build());
        NegotiateException e = assertThrows(NegotiateException.class, () -> acceptor.step(apReq));
        assertEquals(Failure.TIME_SKEW, e.failure(), "an acceptor an hour ahead sees an authenticator an hour old");
    }

    @Test
    void injectedRandom_drawsSubkeysAndSequenceNumbers() throws Exception {
        AtomicInteger draws = new AtomicInteger();
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                StripedSecureRandom.asSecureRandom().nextBytes(bytes);
            }
        };
        Mechanism krb = engine(Clock.systemUTC(), counting).mechanism(MechOid.KERBEROS);
        MechContext init = initiator(krb);
        MechContext acc =
                krb.acceptor(MechOid.KERBEROS, null, ContextRequest.builder().build());
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertTrue(draws.get() >= 4, "initiator and acceptor subkeys and sequence numbers: " + draws.get() + " draws");
    }

    @Test
    void injectedRandom_drawsTheConfounders_sameRandomGivesSameWrapTokens() throws Exception {
        ConstantRandom constant = new ConstantRandom((byte) 0x5A);
        Mechanism krb = engine(Clock.systemUTC(), constant).mechanism(MechOid.KERBEROS);
        byte[] message = "the same input, twice".getBytes(StandardCharsets.UTF_8);
        byte[] first = wrapOnNewContext(krb, constant, message);
        byte[] second = wrapOnNewContext(krb, constant, message);
        assertArrayEquals(first, second, "subkeys, sequence numbers and confounders all come from the world");

        Mechanism real =
                engine(Clock.systemUTC(), StripedSecureRandom.asSecureRandom()).mechanism(MechOid.KERBEROS);
        MechContext init = established(real)[0];
        assertFalse(
                Arrays.equals(
                        init.protector().wrap(message, 0, message.length, true),
                        init.protector().wrap(message, 0, message.length, true)),
                "real randomness: tokens differ");
    }

    /** A wrap token of a new context pair, checking that it cost one confounder draw (AES: 16 bytes) and no other. */
    private static byte[] wrapOnNewContext(Mechanism krb, ConstantRandom random, byte[] message) throws Exception {
        MechContext[] pair = established(krb);
        int before = random.draws().size();
        byte[] token = pair[0].protector().wrap(message, 0, message.length, true);
        assertEquals(List.of(16), random.draws().subList(before, random.draws().size()), "one confounder per wrap");
        assertArrayEquals(
                message, pair[1].protector().unwrap(token, 0, token.length).message());
        assertEquals(before + 1, random.draws().size(), "unwrap draws nothing");
        return token;
    }

    /** An initiator (Alice, mutual) and an acceptor (the service keytab) after their handshake. */
    private static MechContext[] established(Mechanism krb) throws NegotiateException {
        MechContext init = initiator(krb);
        MechContext acc =
                krb.acceptor(MechOid.KERBEROS, null, ContextRequest.builder().build());
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        return new MechContext[] {init, acc};
    }
}
