package org.jnegotiate.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The raw JCA ceiling for Kerberos message encryption: RFC 3961 encrypt and decrypt for one key usage written
 * straight on SunJCE, with the usage keys derived once, the AES ciphers and the HMAC created and keyed once, and
 * no copy of the payload beyond the output arrays: ciphertext stealing is done on top of {@code AES/CBC/NoPadding}
 * (the AES-NI intrinsic) rather than with SunJCE's {@code AES/CTS/NoPadding}, whose update-then-doFinal path copies
 * the whole input once more. Nothing a provider does per message can be cheaper than this with the JCA,
 * which is why the benchmarks print it beside both providers.
 *
 * <p>Two profiles: aes256-cts-hmac-sha1-96 (RFC 3962 on RFC 3961 section 5.3: MAC over the plaintext, then
 * encrypt) and aes256-cts-hmac-sha384-192 (RFC 8009: encrypt, then MAC over IV and ciphertext). Not thread-safe:
 * one instance per benchmark thread. Benchmark code: it checks nothing it does not need to.
 */
final class JcaKerberosCeiling {
    static final String AES256_SHA1 = "aes256-cts-hmac-sha1-96";
    static final String AES256_SHA384 = "aes256-cts-hmac-sha384-192";
    private static final int BLOCK = 16;
    /** With at least two plaintext blocks, the confounder and one plaintext block precede the CTS tail. */
    static final int MIN_PLAIN = 2 * BLOCK;

    private static final byte[] ZERO_IV = new byte[BLOCK];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean rfc8009;
    private final int tagLength;
    private final Cipher cbcEncrypt;
    private final Cipher cbcDecrypt;
    private final Cipher ecbDecrypt;
    private final Mac mac;
    private final byte[] macOut;
    private final byte[] confounder = new byte[BLOCK];
    private final byte[] tail = new byte[2 * BLOCK];
    private final byte[] tailOut = new byte[2 * BLOCK];
    private final byte[] received;
    private final byte[] computed;

    JcaKerberosCeiling(String enctype, byte[] baseKey, int usage) {
        try {
            byte[] ke;
            byte[] ki;
            switch (enctype) {
                case AES256_SHA1:
                    rfc8009 = false;
                    tagLength = 12;
                    ke = dk(baseKey, usage, (byte) 0xAA);
                    ki = dk(baseKey, usage, (byte) 0x55);
                    mac = Mac.getInstance("HmacSHA1");
                    break;
                case AES256_SHA384:
                    rfc8009 = true;
                    tagLength = 24;
                    ke = kdfHmacSha384(baseKey, usageLabel(usage, (byte) 0xAA), 256);
                    ki = kdfHmacSha384(baseKey, usageLabel(usage, (byte) 0x55), 192);
                    mac = Mac.getInstance("HmacSHA384");
                    break;
                default:
                    throw new IllegalArgumentException("no ceiling for " + enctype);
            }
            SecretKeySpec encryptionKey = new SecretKeySpec(ke, "AES");
            cbcEncrypt = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
            cbcEncrypt.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(ZERO_IV));
            cbcDecrypt = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
            cbcDecrypt.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(ZERO_IV));
            ecbDecrypt = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            ecbDecrypt.init(Cipher.DECRYPT_MODE, encryptionKey);
            mac.init(new SecretKeySpec(ki, mac.getAlgorithm()));
            macOut = new byte[mac.getMacLength()];
            received = new byte[tagLength];
            computed = new byte[tagLength];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * confounder | plain, encrypted, then the truncated HMAC (over what each RFC says). Only for plaintexts of at
     * least {@value #MIN_PLAIN} bytes, so that the CTS code has no short cases (the benchmarks' are 1 KiB and up).
     */
    byte[] encrypt(byte[] plain, int offset, int length) {
        if (length < MIN_PLAIN) {
            throw new IllegalArgumentException("the ceiling handles " + MIN_PLAIN + " bytes and more, not " + length);
        }
        RANDOM.nextBytes(confounder);
        int cipherLength = BLOCK + length;
        byte[] out = new byte[cipherLength + tagLength];
        try {
            if (!rfc8009) {
                mac.update(confounder);
                mac.update(plain, offset, length);
            }
            ctsEncrypt(plain, offset, length, out);
            if (rfc8009) {
                mac.update(ZERO_IV);
                mac.update(out, 0, cipherLength);
            }
            mac.doFinal(macOut, 0);
            System.arraycopy(macOut, 0, out, cipherLength, tagLength);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 3962 CTS of confounder | plain into {@code out}: CBC (the intrinsic) straight from the caller's array for
     * all whole blocks but the last two, then those two zero-padded, swapped and cut.
     */
    private void ctsEncrypt(byte[] plain, int offset, int length, byte[] out) throws GeneralSecurityException {
        int total = BLOCK + length;
        int blocks = (total + BLOCK - 1) / BLOCK;
        int prefix = (blocks - 2) * BLOCK; // includes the confounder block
        int last = total - (blocks - 1) * BLOCK;
        cbcEncrypt.update(confounder, 0, BLOCK, out, 0);
        cbcEncrypt.update(plain, offset, prefix - BLOCK, out, BLOCK);
        Arrays.fill(tail, (byte) 0);
        System.arraycopy(plain, offset + prefix - BLOCK, tail, 0, BLOCK + last);
        cbcEncrypt.doFinal(tail, 0, 2 * BLOCK, tailOut, 0); // doFinal also resets the chain to the zero IV
        System.arraycopy(tailOut, BLOCK, out, prefix, BLOCK);
        System.arraycopy(tailOut, 0, out, prefix + BLOCK, last);
    }

    /** The inverse of {@link #encrypt}; throws when the tag does not match (constant-time comparison). */
    byte[] decrypt(byte[] in, int offset, int length) {
        int cipherLength = length - tagLength;
        if (cipherLength < BLOCK + MIN_PLAIN) {
            throw new IllegalArgumentException("ciphertext too short for the ceiling: " + length);
        }
        byte[] plain = new byte[cipherLength - BLOCK];
        try {
            if (rfc8009) {
                mac.update(ZERO_IV);
                mac.update(in, offset, cipherLength);
                mac.doFinal(macOut, 0);
                check(in, offset + cipherLength);
                ctsDecrypt(in, offset, cipherLength, plain);
            } else {
                ctsDecrypt(in, offset, cipherLength, plain);
                mac.update(confounder);
                mac.update(plain);
                mac.doFinal(macOut, 0);
                check(in, offset + cipherLength);
            }
            return plain;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3962 CTS decryption: the confounder into {@link #confounder}, the rest into {@code plain}. */
    private void ctsDecrypt(byte[] in, int offset, int total, byte[] plain) throws GeneralSecurityException {
        int blocks = (total + BLOCK - 1) / BLOCK;
        int prefix = (blocks - 2) * BLOCK;
        int last = total - (blocks - 1) * BLOCK;
        cbcDecrypt.update(in, offset, BLOCK, confounder, 0);
        cbcDecrypt.doFinal(in, offset + BLOCK, prefix - BLOCK, plain, 0); // also resets the chain
        // in[prefix, +16) is the last full cipher block, in[prefix + 16, +last) the start of the one before it
        int cn = offset + prefix;
        ecbDecrypt.doFinal(in, cn, BLOCK, tailOut, 0);
        System.arraycopy(in, cn + BLOCK, tail, 0, last);
        System.arraycopy(tailOut, last, tail, last, BLOCK - last);
        for (int i = 0; i < last; i++) {
            plain[prefix + i] = (byte) (tailOut[i] ^ tail[i]);
        }
        ecbDecrypt.doFinal(tail, 0, BLOCK, tailOut, 0);
        for (int i = 0; i < BLOCK; i++) {
            plain[prefix - BLOCK + i] = (byte) (tailOut[i] ^ in[cn - BLOCK + i]);
        }
    }

    private void check(byte[] in, int tagOffset) {
        System.arraycopy(in, tagOffset, received, 0, tagLength);
        System.arraycopy(macOut, 0, computed, 0, tagLength);
        if (!MessageDigest.isEqual(computed, received)) {
            throw new IllegalStateException("integrity tag mismatch");
        }
    }

    /** The 5-byte constant of RFC 3961 section 5.3: usage (big-endian) and the key kind octet. */
    private static byte[] usageLabel(int usage, byte kind) {
        return ByteBuffer.allocate(5).putInt(usage).put(kind).array();
    }

    /** RFC 3961 DK for AES (random-to-key is the identity): DR(base, n-fold(constant)) cut to the key size. */
    private static byte[] dk(byte[] baseKey, int usage, byte kind) throws GeneralSecurityException {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(baseKey, "AES"));
        byte[] block = nfold(usageLabel(usage, kind), BLOCK);
        byte[] key = new byte[baseKey.length];
        for (int done = 0; done < key.length; done += BLOCK) {
            block = ecb.doFinal(block);
            System.arraycopy(block, 0, key, done, Math.min(BLOCK, key.length - done));
        }
        return key;
    }

    /**
     * RFC 3961 section 5.1 n-fold: the input repeated up to lcm(in, out) bytes, each copy rotated 13 bits
     * further right than the one before, cut into out-sized blocks that are added with end-around carry.
     */
    static byte[] nfold(byte[] in, int outLength) {
        int inBits = in.length * 8;
        int total = lcm(in.length, outLength);
        byte[] repeated = new byte[total];
        for (int copy = 0; copy < total / in.length; copy++) {
            int rotation = (13 * copy) % inBits;
            for (int i = 0; i < in.length; i++) {
                repeated[copy * in.length + i] = rotatedRightByte(in, rotation, i);
            }
        }
        int[] sum = new int[outLength];
        for (int chunk = 0; chunk < total; chunk += outLength) {
            for (int i = 0; i < outLength; i++) {
                sum[i] += repeated[chunk + i] & 0xFF;
            }
        }
        // propagate carries, wrapping the carry out of the top byte around to the bottom, until none is left
        boolean carried = true;
        while (carried) {
            carried = false;
            for (int i = outLength - 1; i >= 0; i--) {
                int carry = sum[i] >>> 8;
                if (carry != 0) {
                    sum[i] &= 0xFF;
                    sum[(i + outLength - 1) % outLength] += carry;
                    carried = true;
                }
            }
        }
        byte[] out = new byte[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = (byte) sum[i];
        }
        return out;
    }

    /** Byte {@code index} of {@code in} seen as one big-endian bit string rotated right by {@code bits}. */
    private static byte rotatedRightByte(byte[] in, int bits, int index) {
        int inBits = in.length * 8;
        int value = 0;
        for (int b = 0; b < 8; b++) {
            int target = index * 8 + b;
            int source = Math.floorMod(target - bits, inBits);
            int bit = (in[source / 8] >>> (7 - source % 8)) & 1;
            value = (value << 1) | bit;
        }
        return (byte) value;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** RFC 8009 KDF-HMAC-SHA2 (SP 800-108 counter mode, one block): HMAC-SHA384(key, 1 | label | 0 | k) cut. */
    private static byte[] kdfHmacSha384(byte[] key, byte[] label, int bits) throws GeneralSecurityException {
        Mac h = Mac.getInstance("HmacSHA384");
        h.init(new SecretKeySpec(key, "HmacSHA384"));
        h.update(ByteBuffer.allocate(4).putInt(1).array());
        h.update(label);
        h.update((byte) 0);
        h.update(ByteBuffer.allocate(4).putInt(bits).array());
        return Arrays.copyOf(h.doFinal(), bits / 8);
    }
}
