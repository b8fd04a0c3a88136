package org.jnegotiate.krb5.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * AES in CBC mode with ciphertext stealing, as RFC 3962 section 5 defines it for Kerberos: CBC over
 * the input zero-padded to whole blocks, then the last two cipher blocks swapped and the output cut to
 * the input length. A single block is plain CBC with the zero IV, that is ECB. The initial cipher state
 * is always zero (RFC 3961 section 5.3), so no IV is carried between messages.
 *
 * <p>The input is seen as an optional 16-byte head (the confounder) followed by a body; both ciphers
 * are expected keyed, the CBC ones with the zero IV. The bulk goes through the JCA's CBC in one call,
 * which is where the AES-NI intrinsics run; only the last two blocks are handled here.
 */
final class AesCts {
    static final int BLOCK = 16;

    private AesCts() {}

    /**
     * Encrypts {@code head || body[bodyOffset, +bodyLength)} (at least 16 bytes) into
     * {@code out[outOffset, +total)}. {@code head} is null or 16 bytes.
     */
    static void encrypt(
            Cipher cbcEncrypt, byte[] head, byte[] body, int bodyOffset, int bodyLength, byte[] out, int outOffset) {
        int headLength = head == null ? 0 : BLOCK;
        int total = headLength + bodyLength;
        if (total < BLOCK) {
            throw new IllegalArgumentException("CTS needs at least one block, not " + total + " bytes");
        }
        try {
            if (total == BLOCK) {
                byte[] block = head != null ? head : body;
                int blockOffset = head != null ? 0 : bodyOffset;
                cbcEncrypt.doFinal(block, blockOffset, BLOCK, out, outOffset);
                return;
            }
            int blocks = (total + BLOCK - 1) / BLOCK;
            int prefix = (blocks - 2) * BLOCK;
            int last = total - (blocks - 1) * BLOCK;
            // Whole blocks before the last two, straight from the caller's arrays.
            if (prefix > 0) {
                if (head != null) {
                    cbcEncrypt.update(head, 0, BLOCK, out, outOffset);
                    cbcEncrypt.update(body, bodyOffset, prefix - BLOCK, out, outOffset + BLOCK);
                } else {
                    cbcEncrypt.update(body, bodyOffset, prefix, out, outOffset);
                }
            }
            // The last full block and the partial one, zero-padded, chained on from the prefix.
            byte[] tail = new byte[2 * BLOCK];
            copyOut(head, body, bodyOffset, prefix, BLOCK + last, tail, 0);
            byte[] enc = new byte[2 * BLOCK];
            cbcEncrypt.doFinal(tail, 0, 2 * BLOCK, enc, 0);
            System.arraycopy(enc, BLOCK, out, outOffset + prefix, BLOCK);
            System.arraycopy(enc, 0, out, outOffset + prefix + BLOCK, last);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed", e);
        }
    }

    /**
     * Decrypts {@code in[offset, +length)} (at least 16 bytes) into {@code head} (its first 16 bytes,
     * when head is not null) and {@code body[bodyOffset, ...)} (the rest). The single-block decryptions of the
     * swapped tail also go through {@code cbcDecrypt}: each is a doFinal of one block from the zero IV, which
     * is AES-ECB, and leaves the chain at the zero IV again.
     */
    static void decrypt(
            Cipher cbcDecrypt, byte[] in, int offset, int length, byte[] head, byte[] body, int bodyOffset) {
        if (length < BLOCK) {
            throw new IllegalArgumentException("CTS needs at least one block, not " + length + " bytes");
        }
        try {
            if (length == BLOCK) {
                byte[] plain = cbcDecrypt.doFinal(in, offset, BLOCK);
                copyIn(plain, 0, BLOCK, 0, head, body, bodyOffset);
                return;
            }
            int blocks = (length + BLOCK - 1) / BLOCK;
            int prefix = (blocks - 2) * BLOCK;
            int last = length - (blocks - 1) * BLOCK;
            // Whole CBC blocks before the last two; doFinal also resets the chain for the next message.
            if (prefix > 0) {
                if (head != null) {
                    cbcDecrypt.update(in, offset, BLOCK, head, 0);
                    cbcDecrypt.doFinal(in, offset + BLOCK, prefix - BLOCK, body, bodyOffset);
                } else {
                    cbcDecrypt.doFinal(in, offset, prefix, body, bodyOffset);
                }
            }
            // The swapped tail: C(n) full block, then the first `last` bytes of C(n-1).
            int cn = offset + prefix;
            int cn1 = cn + BLOCK;
            byte[] x = cbcDecrypt.doFinal(in, cn, BLOCK);
            byte[] fullCn1 = new byte[BLOCK];
            System.arraycopy(in, cn1, fullCn1, 0, last);
            System.arraycopy(x, last, fullCn1, last, BLOCK - last);
            byte[] tailPlain = new byte[2 * BLOCK];
            byte[] pn1 = cbcDecrypt.doFinal(fullCn1, 0, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                byte previous = prefix == 0 ? 0 : in[offset + prefix - BLOCK + i];
                tailPlain[i] = (byte) (pn1[i] ^ previous);
            }
            for (int i = 0; i < last; i++) {
                tailPlain[BLOCK + i] = (byte) (x[i] ^ fullCn1[i]);
            }
            copyIn(tailPlain, 0, BLOCK + last, prefix, head, body, bodyOffset);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    /** Copies {@code length} bytes starting at position {@code from} of {@code head || body} into {@code dst}. */
    private static void copyOut(
            byte[] head, byte[] body, int bodyOffset, int from, int length, byte[] dst, int dstOffset) {
        int headLength = head == null ? 0 : BLOCK;
        for (int i = 0; i < length; i++) {
            int pos = from + i;
            dst[dstOffset + i] = pos < headLength ? head[pos] : body[bodyOffset + pos - headLength];
        }
    }

    /** Writes {@code src[srcOffset, +length)} at position {@code to} of the logical {@code head || body}. */
    private static void copyIn(
            byte[] src, int srcOffset, int length, int to, byte[] head, byte[] body, int bodyOffset) {
        int headLength = head == null ? 0 : BLOCK;
        for (int i = 0; i < length; i++) {
            int pos = to + i;
            if (pos < headLength) {
                head[pos] = src[srcOffset + i];
            } else {
                body[bodyOffset + pos - headLength] = src[srcOffset + i];
            }
        }
    }
}
