package org.jnegotiate.krb5.crypto;

import java.security.SecureRandom;
import org.jnegotiate.mech.NegotiateException;

/**
 * A {@link Krb5Cipher}: a keyed cipher and the randomness its confounders are drawn from, both handed in where it
 * is made ({@link Krb5Ciphers}). Its one addition is the confounder of each encryption, one draw of
 * {@link KeyedCipher#confounderLength()} bytes.
 *
 * @param keyed    the key's operations
 * @param random   where confounders come from (the engine's world)
 * @param ownsKeys {@link #destroy()} destroys {@code keyed}; false for a view of the cipher kept with a key, which
 *                 goes with the key
 */
record ConfoundingCipher(KeyedCipher keyed, SecureRandom random, boolean ownsKeys) implements Krb5Cipher {

    @Override
    public EncryptionType type() {
        return keyed.type();
    }

    @Override
    public byte[] encrypt(int usage, byte[] plain, int offset, int length) {
        byte[] confounder = new byte[keyed.confounderLength()];
        random.nextBytes(confounder);
        return keyed.encrypt(usage, plain, offset, length, confounder);
    }

    @Override
    public byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException {
        return keyed.decrypt(usage, cipher, offset, length);
    }

    @Override
    public byte[] checksum(int usage, byte[] data, int offset, int length) {
        return keyed.checksum(usage, data, offset, length);
    }

    @Override
    public void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected)
            throws NegotiateException {
        keyed.verifyChecksum(usage, data, offset, length, expected);
    }

    @Override
    public int encryptionOverhead() {
        return keyed.encryptionOverhead();
    }

    @Override
    public void destroy() {
        if (ownsKeys) {
            keyed.destroy();
        }
    }

    @Override
    public String toString() {
        return (ownsKeys ? "Krb5Cipher[" : "SharedCipher[") + keyed.type().krb5Name() + "]";
    }
}
