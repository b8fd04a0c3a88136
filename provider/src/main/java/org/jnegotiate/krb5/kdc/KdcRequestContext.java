package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;

/**
 * What every KDC exchange of one mechanism (AS, TGS, S4U) works with: the KDCs of krb5.conf through the transport,
 * the weak-crypto policy, and the world's clock (request times, expiry) and randomness (nonces, the confounders of
 * the ciphers it makes). Built once, where the mechanism is wired, from the world handed in; the exchanges read
 * nothing else.
 *
 * @param kdc             krb5.conf and the transport to the realms' KDCs
 * @param allowWeakCrypto rc4-hmac may be asked for and used
 * @param clock           the time of requests and of ticket expiry
 * @param random          the randomness of nonces and confounders
 */
public record KdcRequestContext(KdcClient kdc, boolean allowWeakCrypto, Clock clock, SecureRandom random) {
    public KdcRequestContext {
        Objects.requireNonNull(kdc, "kdc");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /** krb5.conf. */
    public Krb5Config config() {
        return kdc.config();
    }

    /** The current time on the world's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** A cipher for {@code key} whose confounders come from the world's randomness; the exchange destroys it. */
    Krb5Cipher cipher(Krb5Key key) {
        return Krb5Ciphers.of(key, random);
    }

    /** A fresh KDC-REQ nonce: 31 random bits (UInt32, kept below 2^31 for peers that read it signed). */
    int nonce() {
        return random.nextInt() & 0x7FFFFFFF;
    }
}
