package org.jnegotiate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;

/**
 * The clock and the randomness handed to {@link Engine#create(NegotiateConfig,
 * org.jnegotiate.krb5.kdc.KdcTransport, Clock, SecureRandom)} are the ones its Kerberos contexts use.
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
                StripedSecureRandom.nextBytes(bytes);
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
}
