package org.jnegotiate.krb5.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The randomness of every handshake (subkeys, sequence numbers, confounders) from a few independent
 * generators instead of one. A shared {@code new SecureRandom()} (NativePRNG on Linux) makes every thread take
 * one global lock for each of the six or so calls of a handshake. Per-thread generators would not contend,
 * but would be seeded anew for every virtual thread; a small array of generators, one picked per call, keeps
 * contention rare at any thread count. Each is the JDK's Hash_DRBG (SHA-256, 256-bit strength, NIST SP
 * 800-90A), seeded from the system's entropy source and thread-safe on its own.
 */
public final class StripedSecureRandom {
    private static final SecureRandom[] STRIPES = create(stripeCount());

    private StripedSecureRandom() {
    }

    /** One of the generators; use it for this call only. */
    public static SecureRandom get() {
        // which stripe is not a secret: a fast non-cryptographic choice is enough
        return STRIPES[ThreadLocalRandom.current().nextInt(STRIPES.length)];
    }

    private static int stripeCount() {
        return Math.max(4, Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));
    }

    private static SecureRandom[] create(int count) {
        SecureRandom[] out = new SecureRandom[count];
        for (int i = 0; i < count; i++) {
            out[i] = drbg();
        }
        return out;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            // a JDK configured without DRBG: the platform default is still a CSPRNG, only more contended
            return new SecureRandom();
        }
    }
}
