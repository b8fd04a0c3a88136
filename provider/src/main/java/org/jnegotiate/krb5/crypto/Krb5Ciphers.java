package org.jnegotiate.krb5.crypto;

/**
 * Makes the {@link Krb5Cipher} for a key's enctype. Whether an enctype may be used at all (rc4-hmac
 * only when weak crypto is allowed) is {@link EnctypePolicy}'s decision, taken before a key exists.
 */
public final class Krb5Ciphers {
    private Krb5Ciphers() {
    }

    /**
     * A cipher over a copy of {@code key}'s bytes: destroying the cipher does not destroy the key, and
     * the other way round. Keep one cipher per key (per context) so that derived keys stay cached.
     */
    public static Krb5Cipher of(Krb5Key key) {
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
