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
 * straight on SunJCE, with the usage keys derived once and the {@code AES/CTS/NoPadding} ciphers and the HMAC
 * instance created and keyed once. Nothing a provider does per message can be cheaper than this with the JCA,
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
    private static final byte[] ZERO_IV = new byte[BLOCK];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean rfc8009;
    private final int tagLength;
    private final Cipher encrypt;
    private final Cipher decrypt;
    private final Mac mac;
    private final byte[] confounder = new byte[BLOCK];

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
            encrypt = Cipher.getInstance("AES/CTS/NoPadding", "SunJCE");
            encrypt.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(ZERO_IV));
            decrypt = Cipher.getInstance("AES/CTS/NoPadding", "SunJCE");
            decrypt.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(ZERO_IV));
            mac.init(new SecretKeySpec(ki, mac.getAlgorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** confounder | plain, encrypted, then the truncated HMAC (over what each RFC says). */
    byte[] encrypt(byte[] plain, int offset, int length) {
        RANDOM.nextBytes(confounder);
        int cipherLength = BLOCK + length;
        byte[] out = new byte[cipherLength + tagLength];
        try {
            if (rfc8009) {
                int n = encrypt.update(confounder, 0, BLOCK, out, 0);
                encrypt.doFinal(plain, offset, length, out, n);
                mac.update(ZERO_IV);
                mac.update(out, 0, cipherLength);
            } else {
                mac.update(confounder);
                mac.update(plain, offset, length);
                int n = encrypt.update(confounder, 0, BLOCK, out, 0);
                encrypt.doFinal(plain, offset, length, out, n);
            }
            System.arraycopy(mac.doFinal(), 0, out, cipherLength, tagLength);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inverse of {@link #encrypt}; throws when the tag does not match (constant-time comparison). */
    byte[] decrypt(byte[] in, int offset, int length) {
        int cipherLength = length - tagLength;
        try {
            byte[] tag;
            byte[] plainWithConfounder;
            if (rfc8009) {
                mac.update(ZERO_IV);
                mac.update(in, offset, cipherLength);
                tag = mac.doFinal();
                check(tag, in, offset + cipherLength);
                plainWithConfounder = decrypt.doFinal(in, offset, cipherLength);
            } else {
                plainWithConfounder = decrypt.doFinal(in, offset, cipherLength);
                mac.update(plainWithConfounder);
                tag = mac.doFinal();
                check(tag, in, offset + cipherLength);
            }
            return Arrays.copyOfRange(plainWithConfounder, BLOCK, plainWithConfounder.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(byte[] computed, byte[] in, int tagOffset) {
        byte[] received = Arrays.copyOfRange(in, tagOffset, tagOffset + tagLength);
        if (!MessageDigest.isEqual(Arrays.copyOf(computed, tagLength), received)) {
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
