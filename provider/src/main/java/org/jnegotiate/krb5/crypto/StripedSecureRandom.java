package org.jnegotiate.krb5.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;

/**
 * The real world's randomness ({@code KerberosWorld.real()} hands it in; nothing else draws from it): subkeys,
 * sequence numbers, nonces and confounders, about six small draws per handshake and one per message. A shared
 * {@code new SecureRandom()} (NativePRNG on Linux) makes every thread take one global lock for each draw;
 * generators picked at random per draw still move their state between cores. Here a thread keeps to one of a few
 * generators (assigned round-robin on its first draw: a virtual thread costs an index, not a seeding), so with no
 * more threads than generators none is shared.
 *
 * <p>Each generator is the JDK's Hash_DRBG (SHA-256, 256-bit strength, NIST SP 800-90A), seeded from the
 * system's entropy source. A generate call costs several SHA-256 compressions whatever its size, so each
 * generator draws {@value #BUFFER} bytes at a time and hands them out in order, erasing each byte from its
 * buffer as it hands it out; a draw larger than half the buffer goes to the generator directly.
 */
public final class StripedSecureRandom {
    static final int BUFFER = 512;
    private static final Stripe[] STRIPES = stripes();
    private static final SecureRandom AS_SECURE_RANDOM = new View();

    private StripedSecureRandom() {}

    /** Fills {@code out} with random bytes from the calling thread's generator. */
    static void nextBytes(byte[] out) {
        mine().nextBytes(out);
    }

    /**
     * These generators as one {@link SecureRandom}, the form in which the world hands them to the code that draws
     * (every draw of a {@code SecureRandom}, nextInt included, goes through nextBytes): every draw still goes to the
     * calling thread's generator, without the lock a plain {@code SecureRandom} takes around an SPI that does not
     * declare itself thread-safe. Seeding it is ignored: the generators seed themselves from the system's entropy
     * source.
     */
    public static SecureRandom asSecureRandom() {
        return AS_SECURE_RANDOM;
    }

    private static Stripe mine() {
        return STRIPES[ThreadIndex.get() & (STRIPES.length - 1)];
    }

    /** The generators: one per thread index ({@link ThreadIndex#SLOTS}). */
    static int stripeCount() {
        return STRIPES.length;
    }

    /** For tests: the generator algorithm. */
    static String algorithm() {
        return mine().drbg.getAlgorithm();
    }

    private static Stripe[] stripes() {
        Stripe[] out = new Stripe[ThreadIndex.SLOTS];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Stripe(drbg());
        }
        return out;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance(
                    "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            // a JDK configured without DRBG: the platform default is still a CSPRNG
            return new SecureRandom();
        }
    }

    /** One generator and its buffer of drawn, not yet handed out bytes. */
    private static final class Stripe {
        private final SecureRandom drbg;
        private final byte[] buffer = new byte[BUFFER];
        private int next = BUFFER;

        Stripe(SecureRandom drbg) {
            this.drbg = drbg;
        }

        synchronized void nextBytes(byte[] out) {
            if (out.length > BUFFER / 2) {
                drbg.nextBytes(out);
                return;
            }
            if (BUFFER - next < out.length) {
                drbg.nextBytes(buffer);
                next = 0;
            }
            System.arraycopy(buffer, next, out, 0, out.length);
            Arrays.fill(buffer, next, next + out.length, (byte) 0); // handed out: not kept
            next += out.length;
        }
    }

    /** {@link #asSecureRandom()}: nextBytes, the method every other draw of SecureRandom goes through, overridden. */
    private static final class View extends SecureRandom {
        private static final long serialVersionUID = 1L;

        View() {
            super(new ViewSpi(), null);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            StripedSecureRandom.nextBytes(bytes);
        }

        @Override
        public String getAlgorithm() {
            return "JNegotiate striped " + STRIPES[0].drbg.getAlgorithm();
        }
    }

    private static final class ViewSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
            // ignored: see asSecureRandom()
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            StripedSecureRandom.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] out = new byte[numBytes];
            StripedSecureRandom.nextBytes(out);
            return out;
        }
    }
}
