package org.jnegotiate.krb5.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * The two key derivation functions of the AES enctypes, named after their specifications. Run for each
 * key usage a cipher uses (the results are cached by the ciphers); a handshake runs several, so the n-fold of
 * the constant is cached and the AES engine is reused per thread (only its key schedule is redone).
 */
final class KeyDerivation {
    /** RFC 3961 section 5.3: the last octet of the derivation constant for Kc, Ke and Ki. */
    static final byte CHECKSUM = (byte) 0x99;

    static final byte ENCRYPTION = (byte) 0xAA;
    static final byte INTEGRITY = 0x55;

    static final byte[] KERBEROS = "kerberos".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PRF = "prf".getBytes(StandardCharsets.US_ASCII);

    private KeyDerivation() {}

    /** The usage constant: the usage number as four big-endian octets followed by the key-kind octet. */
    static byte[] usageConstant(int usage, byte kind) {
        return new byte[] {(byte) (usage >>> 24), (byte) (usage >>> 16), (byte) (usage >>> 8), (byte) usage, kind};
    }

    /**
     * RFC 3961 section 5.1, DK(Key, Constant) = random-to-key(DR(Key, Constant)) for AES, whose
     * random-to-key is the identity (RFC 3962 section 6). DR encrypts the n-folded constant, then each
     * output again, until there are enough bytes; one AES block with the zero IV is AES-ECB.
     */
    static byte[] dk(byte[] baseKey, byte[] constant) {
        byte[] block = constant.length == AesCts.BLOCK ? constant.clone() : NFold.cached(constant, AesCts.BLOCK);
        RawKey key = new RawKey("AES", baseKey.clone());
        byte[] out = new byte[baseKey.length];
        try {
            Cipher aes = Jca.derivationAes(key);
            for (int filled = 0; filled < out.length; filled += AesCts.BLOCK) {
                block = aes.doFinal(block);
                System.arraycopy(block, 0, out, filled, Math.min(AesCts.BLOCK, out.length - filled));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        } finally {
            key.destroy();
            Arrays.fill(block, (byte) 0);
        }
    }

    /**
     * RFC 8009 section 3, KDF-HMAC-SHA2(key, label, [context,] k) = k-truncate(HMAC(key, 00000001 | label
     * | 00 | context | k)), with k in bits as four big-endian octets; one HMAC output is always enough.
     */
    static byte[] kdfHmacSha2(String hmac, byte[] key, byte[] label, byte[] context, int kBits) {
        byte[] k = {(byte) (kBits >>> 24), (byte) (kBits >>> 16), (byte) (kBits >>> 8), (byte) kBits};
        byte[] full = Jca.hmac(hmac, key, new byte[] {0, 0, 0, 1}, label, new byte[] {0}, context, k);
        if (full.length * 8 < kBits) {
            throw new IllegalArgumentException(hmac + " cannot give " + kBits + " bits");
        }
        byte[] out = Arrays.copyOf(full, kBits / 8);
        Arrays.fill(full, (byte) 0);
        return out;
    }
}
