package org.jnegotiate.krb5.crypto;

import org.jnegotiate.mech.NegotiateException;

/**
 * Makes the {@link Krb5Cipher} for a key's enctype. Whether an enctype may be used at all (rc4-hmac
 * only when weak crypto is allowed) is {@link EnctypePolicy}'s decision, taken before a key exists.
 */
public final class Krb5Ciphers {
    private Krb5Ciphers() {}

    /**
     * The cipher kept with {@code key} (made on first use, destroyed when the key is destroyed), behind a view
     * whose {@link Krb5Cipher#destroy()} does nothing: each context may "destroy" its view when it ends while
     * the usage keys derived for the key serve the next context. Derived keys thus live as long as the key
     * they come from, which holds the same secret.
     */
    public static Krb5Cipher shared(Krb5Key key) {
        return new SharedCipher(key.keptCipher());
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

    /** A view of a key's kept cipher that leaves destruction to the key. */
    private record SharedCipher(Krb5Cipher kept) implements Krb5Cipher {
        @Override
        public EncryptionType type() {
            return kept.type();
        }

        @Override
        public byte[] encrypt(int usage, byte[] plain, int offset, int length) {
            return kept.encrypt(usage, plain, offset, length);
        }

        @Override
        public byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException {
            return kept.decrypt(usage, cipher, offset, length);
        }

        @Override
        public byte[] checksum(int usage, byte[] data, int offset, int length) {
            return kept.checksum(usage, data, offset, length);
        }

        @Override
        public void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected)
                throws NegotiateException {
            kept.verifyChecksum(usage, data, offset, length, expected);
        }

        @Override
        public int encryptionOverhead() {
            return kept.encryptionOverhead();
        }

        @Override
        public void destroy() {
            // the key's: destroyed with the key
        }

        @Override
        public String toString() {
            return "SharedCipher[" + kept.type().krb5Name() + "]";
        }
    }
}
