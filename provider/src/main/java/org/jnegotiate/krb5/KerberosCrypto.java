package org.jnegotiate.krb5;

import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.NegotiateException;

/**
 * The two crypto services a context needs: a cipher for a key (one per key, derived keys cached inside) and a
 * fresh random key of an enctype (for subkeys). The production implementation delegates to the crypto package;
 * tests may plug in an independent implementation to cross-check it.
 */
public interface KerberosCrypto {

    /** An RFC 3961 cipher for {@code key}; UNSUPPORTED_FUNCTION when the enctype is not available. */
    Krb5Cipher cipher(Krb5Key key) throws NegotiateException;

    /** A fresh random key (RFC 3961 random-to-key of fresh random bytes). */
    Krb5Key randomKey(EncryptionType type) throws NegotiateException;
}
