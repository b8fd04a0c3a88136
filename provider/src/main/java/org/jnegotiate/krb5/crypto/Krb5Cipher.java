package org.jnegotiate.krb5.crypto;

import org.jnegotiate.mech.NegotiateException;

/**
 * RFC 3961 encryption and checksum operations with one key. Implementations derive the usage keys
 * once and cache them together with their JCA {@code Cipher}/{@code Mac} instances (the hot path of
 * every wrap/unwrap), and are safe for use by several threads.
 *
 * <p>Obtain one with {@code Krb5Ciphers.of(key, random)} or {@code Krb5Ciphers.shared(key, random)}: the confounders
 * of {@link #encrypt} come from the randomness handed in there.
 */
public interface Krb5Cipher {

    EncryptionType type();

    /** RFC 3961 encrypt: confounder, data and integrity tag, for {@code usage}. */
    byte[] encrypt(int usage, byte[] plain, int offset, int length);

    /**
     * RFC 3961 decrypt. Throws {@code MESSAGE_ALTERED} when the integrity tag does not match (compared in
     * constant time) and {@code INVALID_TOKEN} when the ciphertext is too short to hold one.
     */
    byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException;

    /** The enctype's mandatory keyed checksum over the data, for {@code usage}. */
    byte[] checksum(int usage, byte[] data, int offset, int length);

    /** Verifies a keyed checksum in constant time; throws {@code MESSAGE_ALTERED} on mismatch. */
    void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected) throws NegotiateException;

    /** How many bytes {@link #encrypt} adds to a plaintext (confounder + tag; CTS adds no padding). */
    int encryptionOverhead();

    /** Zeroes the base and derived keys. */
    void destroy();
}
