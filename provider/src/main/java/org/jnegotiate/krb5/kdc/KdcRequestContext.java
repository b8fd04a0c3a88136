package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;

/**
 * What every KDC exchange of one mechanism (AS, TGS, S4U) works with: the KDCs of krb5.conf through the transport,
 * the weak-crypto policy, and the world's clock (request times, expiry) and randomness (nonces). Built once, where
 * the mechanism is wired, from the world handed in; the exchanges read nothing else.
 *
 * @param kdc             krb5.conf and the transport to the realms' KDCs
 * @param allowWeakCrypto rc4-hmac may be asked for and used
 * @param clock           the time of requests and of ticket expiry
 * @param random          the randomness of nonces
 */
public record KdcRequestContext(KdcClient kdc, boolean allowWeakCrypto, Clock clock, SecureRandom random) {
    public KdcRequestContext {
        Objects.requireNonNull(kdc, "kdc");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /**
     * In the real world: the system clock (UTC) and the crypto package's generators (a password login without a
     * mechanism, tests that bring only a KDC).
     */
    public static KdcRequestContext real(KdcClient kdc, boolean allowWeakCrypto) {
        return new KdcRequestContext(kdc, allowWeakCrypto, Clock.systemUTC(), StripedSecureRandom.asSecureRandom());
    }

    /** krb5.conf. */
    public Krb5Config config() {
        return kdc.config();
    }

    /** The current time on the world's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** A fresh KDC-REQ nonce: 31 random bits (UInt32, kept below 2^31 for peers that read it signed). */
    int nonce() {
        return random.nextInt() & 0x7FFFFFFF;
    }
}
