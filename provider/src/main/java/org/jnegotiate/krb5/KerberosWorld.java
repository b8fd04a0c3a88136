package org.jnegotiate.krb5;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;

/**
 * What the Kerberos mechanism takes from outside the process: the KDC transport (its only network I/O), the clock
 * and the randomness of subkeys, sequence numbers and the replay cache's fingerprint key. Handed in once, by the engine, so that a test can bring a
 * KDC that is down, slow or broken, a clock of its own (which also gives it a replay cache of its own, see
 * {@link ReplayCaches}) and a random source it controls.
 */
public record KerberosWorld(KdcTransport transport, Clock clock, SecureRandom random) {
    public KerberosWorld {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /** The real world: KDCs over the network, the system clock (UTC), the crypto package's generators. */
    public static KerberosWorld real() {
        return new KerberosWorld(new NetworkKdcTransport(), Clock.systemUTC(), StripedSecureRandom.asSecureRandom());
    }
}
