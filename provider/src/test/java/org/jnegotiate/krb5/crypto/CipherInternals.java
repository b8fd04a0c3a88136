package org.jnegotiate.krb5.crypto;

import java.util.List;

/** Test access to the key material a cipher holds, to check that destroy() zeroes it. */
final class CipherInternals {
    private CipherInternals() {}

    static List<RawKey> derivedKeys(Krb5Cipher cipher) {
        return derivedKeys(keyed(cipher));
    }

    static List<RawKey> derivedKeys(KeyedCipher cipher) {
        return cipher instanceof AesCtsHmacCipher aes
                ? aes.cachedKeys()
                : rc4(cipher).cachedKeys();
    }

    static boolean baseKeyIsZero(Krb5Cipher cipher) {
        KeyedCipher keyed = keyed(cipher);
        return keyed instanceof AesCtsHmacCipher aes
                ? aes.baseKeyIsZero()
                : rc4(keyed).baseKeyIsZero();
    }

    /** The key's operations under a cipher of {@link Krb5Ciphers}. */
    static KeyedCipher keyed(Krb5Cipher cipher) {
        return ((ConfoundingCipher) cipher).keyed();
    }

    private static Rc4HmacCipher rc4(KeyedCipher cipher) {
        if (cipher instanceof Rc4HmacCipher rc4) {
            return rc4;
        }
        throw new AssertionError("unknown cipher " + cipher.getClass());
    }
}
