package org.jnegotiate.krb5;

import java.security.SecureRandom;
import java.util.Objects;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StringToKey;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The crypto services a context needs: a cipher for a key (one per key, derived keys cached inside), a fresh
 * random key of an enctype (for subkeys) and a random initial sequence number. {@link #standard(SecureRandom)} is
 * the crypto package with the engine's randomness; tests plug in an independent implementation (Kerby's) to
 * cross-check it.
 */
public interface KerberosCrypto {

    /**
     * An RFC 3961 cipher for {@code key}; UNSUPPORTED_FUNCTION when the enctype is not available. The caller
     * destroys it when done; the standard crypto returns a view of a cipher kept with the key (destroyed with
     * the key), so that a key used by many contexts derives its usage keys once.
     */
    Krb5Cipher cipher(Krb5Key key) throws NegotiateException;

    /** A fresh random key (RFC 3961 random-to-key of fresh random bytes). */
    Krb5Key randomKey(EncryptionType type) throws NegotiateException;

    /** A random 30-bit initial sequence number (below 2^30 so that no peer's signed 32-bit arithmetic overflows). */
    long randomSequenceNumber();

    /**
     * The project's crypto ({@link Krb5Ciphers#shared}, {@link StringToKey#randomKey}) with every random draw, the
     * ciphers' confounders included, taken from {@code random} (the engine's injected randomness).
     */
    static KerberosCrypto standard(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new KerberosCrypto() {
            @Override
            public Krb5Cipher cipher(Krb5Key key) throws NegotiateException {
                try {
                    return Krb5Ciphers.shared(key, random);
                } catch (UnsupportedOperationException e) {
                    throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, e.getMessage(), e);
                } catch (IllegalStateException e) {
                    throw new NegotiateException(Failure.INVALID_HANDLE, "the key was destroyed", e);
                }
            }

            @Override
            public Krb5Key randomKey(EncryptionType type) {
                return StringToKey.randomKey(type, random);
            }

            @Override
            public long randomSequenceNumber() {
                return random.nextInt() >>> 2;
            }
        };
    }
}
