package org.jnegotiate.krb5.crypto;

import java.util.List;

/** Test access to the key material a cipher holds, to check that destroy() zeroes it. */
final class CipherInternals {
    private CipherInternals() {}

    static List<RawKey> derivedKeys(Krb5Cipher cipher) {
        if (cipher instanceof AesCtsHmacCipher) {
            return ((AesCtsHmacCipher) cipher).cachedKeys();
        }
        if (cipher instanceof Rc4HmacCipher) {
            return ((Rc4HmacCipher) cipher).cachedKeys();
        }
        throw new AssertionError("unknown cipher " + cipher.getClass());
    }

    static boolean baseKeyIsZero(Krb5Cipher cipher) {
        if (cipher instanceof AesCtsHmacCipher) {
            return ((AesCtsHmacCipher) cipher).baseKeyIsZero();
        }
        if (cipher instanceof Rc4HmacCipher) {
            return ((Rc4HmacCipher) cipher).baseKeyIsZero();
        }
        throw new AssertionError("unknown cipher " + cipher.getClass());
    }
}
