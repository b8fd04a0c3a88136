package org.jnegotiate.krb5.crypto;

import org.jnegotiate.mech.NegotiateException;

/**
 * One key's RFC 3961 operations with the confounder handed in: no randomness inside, so that a key's cipher can be
 * kept with the key and serve contexts of any world. {@link ConfoundingCipher} adds the randomness, drawn from the
 * source whoever made it handed in (the engine's world).
 */
interface KeyedCipher {

    EncryptionType type();

    /** The bytes of confounder {@link #encrypt} takes. */
    int confounderLength();

    /** RFC 3961 encrypt with the given confounder (fresh random bytes except in the published test vectors). */
    byte[] encrypt(int usage, byte[] plain, int offset, int length, byte[] confounder);

    /** See {@link Krb5Cipher#decrypt}. */
    byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException;

    /** See {@link Krb5Cipher#checksum}. */
    byte[] checksum(int usage, byte[] data, int offset, int length);

    /** See {@link Krb5Cipher#verifyChecksum}. */
    void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected) throws NegotiateException;

    /** See {@link Krb5Cipher#encryptionOverhead}. */
    int encryptionOverhead();

    /** Zeroes the base and derived keys. */
    void destroy();
}
