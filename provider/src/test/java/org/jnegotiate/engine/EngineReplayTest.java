package org.jnegotiate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
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

/** The replay cache is the JVM's, not an engine's: what one engine accepted, another refuses. */
class EngineReplayTest {

    private static NegotiateConfig config() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        return NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .build();
    }

    /** An AP-REQ from alice to HTTP/localhost, made by {@code engine}. */
    private static byte[] apReq(Engine engine) throws NegotiateException {
        Mechanism krb = engine.mechanism(MechOid.KERBEROS);
        MechCredential alice =
                krb.acquire(CredentialRequest.of(PeerName.user(KerbyKdc.ALICE), MechCredential.Usage.INITIATE)
                        .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()));
        MechContext init = krb.initiator(
                MechOid.KERBEROS,
                alice,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .build());
        return init.step(null).token();
    }

    private static MechContext acceptor(Engine engine) throws NegotiateException {
        return engine.mechanism(MechOid.KERBEROS)
                .acceptor(MechOid.KERBEROS, null, ContextRequest.builder().build());
    }

    @Test
    void apReqAcceptedByOneEngine_replayedToAnother_refused() throws Exception {
        Engine a = Engine.create(config());
        Engine b = Engine.create(config());
        byte[] token = apReq(a);

        MechContext first = acceptor(a);
        first.step(token);
        assertTrue(first.isEstablished());

        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor(b).step(token));
        assertEquals(Failure.REPLAYED_TOKEN, e.failure());
        assertEquals(34, e.minor(), "KRB_AP_ERR_REPEAT");
    }

    @Test
    void replayedToTheSameEngine_refused() throws Exception {
        Engine a = Engine.create(config());
        byte[] token = apReq(a);
        acceptor(a).step(token);
        assertEquals(
                Failure.REPLAYED_TOKEN,
                assertThrows(NegotiateException.class, () -> acceptor(a).step(token))
                        .failure());
    }

    /** {@code jnegotiate.replayCache=false}: the engine's acceptors keep no cache, a replayed AP-REQ is accepted. */
    @Test
    void replayCacheOff_replayedToTheSameEngine_accepted() throws Exception {
        Engine a = Engine.create(config().toBuilder().replayCache(false).build());
        byte[] token = apReq(a);
        acceptor(a).step(token);
        MechContext again = acceptor(a);
        again.step(token);
        assertTrue(again.isEstablished(), "without a replay cache the second presentation is not detected");
    }

    @Test
    void engineWithItsOwnClock_hasItsOwnCache() throws Exception {
        Engine shared = Engine.create(config());
        Engine isolated = Engine.create(
                config(), new NetworkKdcTransport(), new SystemTimeClock(), StripedSecureRandom.asSecureRandom());
        byte[] token = apReq(shared);
        acceptor(shared).step(token);
        MechContext other = acceptor(isolated);
        other.step(token);
        assertTrue(other.isEstablished(), "a test that injects a clock is isolated from the JVM's cache");
    }

    /** The system's time under a clock that equals no other, as a test that wants isolation would bring. */
    private static final class SystemTimeClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    }
}
