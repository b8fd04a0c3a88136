package org.jnegotiate.krb5;

import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StringToKey;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The two crypto services a context needs: a cipher for a key (one per key, derived keys cached inside) and a
 * fresh random key of an enctype (for subkeys). {@link #standard()} is the crypto package; tests plug in an
 * independent implementation (Kerby's) to cross-check it.
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

    /** The project's crypto: {@link Krb5Ciphers#shared} and {@link StringToKey#randomKey}. */
    static KerberosCrypto standard() {
        return new KerberosCrypto() {
            @Override
            public Krb5Cipher cipher(Krb5Key key) throws NegotiateException {
                try {
                    return Krb5Ciphers.shared(key);
                } catch (UnsupportedOperationException e) {
                    throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, e.getMessage(), e);
                } catch (IllegalStateException e) {
                    throw new NegotiateException(Failure.INVALID_HANDLE, "the key was destroyed", e);
                }
            }

            @Override
            public Krb5Key randomKey(EncryptionType type) {
                return StringToKey.randomKey(type);
            }
        };
    }
}
