package org.jnegotiate.krb5.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes the {@link Krb5Cipher} for a key's enctype, with the randomness its confounders are drawn from: the one
 * place ciphers are made. Whether an enctype may be used at all (rc4-hmac only when weak crypto is allowed) is
 * {@link EnctypePolicy}'s decision, taken before a key exists.
 */
public final class Krb5Ciphers {
    private Krb5Ciphers() {}

    /**
     * A view of the cipher kept with {@code key} (made on first use, destroyed when the key is destroyed), whose
     * {@link Krb5Cipher#destroy()} does nothing: each context may "destroy" its view when it ends while the usage keys
     * derived for the key serve the next context. Derived keys thus live as long as the key they come from, which
     * holds the same secret. The view's confounders come from {@code random}, whoever else shares the key.
     */
    public static Krb5Cipher shared(Krb5Key key, SecureRandom random) {
        return new ConfoundingCipher(key.keptCipher(), Objects.requireNonNull(random, "random"), false);
    }

    /**
     * A cipher over a copy of {@code key}'s bytes, its confounders drawn from {@code random}: destroying the cipher
     * does not destroy the key, and the other way round. Keep one cipher per key (per context) so that derived keys
     * stay cached.
     */
    public static Krb5Cipher of(Krb5Key key, SecureRandom random) {
        return new ConfoundingCipher(keyed(key), Objects.requireNonNull(random, "random"), true);
    }

    /** The enctype's operations over a copy of {@code key}'s bytes. */
    static KeyedCipher keyed(Krb5Key key) {
        if (key.isDestroyed()) {
            throw new IllegalStateException("key was destroyed");
        }
        switch (key.type()) {
            case AES128_CTS_HMAC_SHA1_96:
            case AES256_CTS_HMAC_SHA1_96:
                return new AesSha1Cipher(key);
            case AES128_CTS_HMAC_SHA256_128:
            case AES256_CTS_HMAC_SHA384_192:
                return new AesSha2Cipher(key);
            case RC4_HMAC:
                return new Rc4HmacCipher(key);
            default:
                throw new UnsupportedOperationException(key.type().krb5Name() + " is not implemented");
        }
    }
}
