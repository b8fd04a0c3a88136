package org.jnegotiate.krb5;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.KdcClient;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;

/**
 * What the Kerberos mechanism takes from outside the process: the KDC transport (its only network I/O), the clock
 * and the randomness (every draw below the engine: subkeys, sequence numbers, KDC nonces, the ciphers' confounders,
 * the replay cache's fingerprint key). Handed in once, by the engine, so that a test can bring a KDC that is down,
 * slow or broken, a clock of its own (which also gives it a replay cache of its own, see {@link ReplayCaches}) and a
 * random source it controls.
 */
public record KerberosWorld(KdcTransport transport, Clock clock, SecureRandom random) {
    public KerberosWorld {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /**
     * The real world: KDCs over the network, the system clock (UTC), and the crypto package's striped generators
     * ({@link StripedSecureRandom}), which nothing else draws from.
     */
    public static KerberosWorld real() {
        return new KerberosWorld(new NetworkKdcTransport(), Clock.systemUTC(), StripedSecureRandom.asSecureRandom());
    }

    /** The crypto of this world's randomness. */
    KerberosCrypto crypto() {
        return KerberosCrypto.standard(random);
    }

    /** What the KDC exchanges work with in this world: the realms' KDCs of {@code krb5}, its clock and randomness. */
    KdcRequestContext kdcRequests(Krb5Config krb5, boolean allowWeakCrypto) {
        return new KdcRequestContext(KdcClient.of(krb5, transport), allowWeakCrypto, clock, random);
    }
}
