package org.jnegotiate.krb5.tokens;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The 16-byte header of the RFC 4121 section 4.2 per-message tokens.
 * <pre>
 * MIC  token: 04 04 | Flags | FF FF FF FF FF       | SND_SEQ (8, big-endian) | SGN_CKSUM
 * Wrap token: 05 04 | Flags | FF | EC (2) | RRC (2)| SND_SEQ (8, big-endian) | data
 * </pre>
 *
 * @param ec  wrap only: filler count (sealed) or checksum length (not sealed); 0 for MIC tokens
 * @param rrc wrap only: right rotation count; 0 for MIC tokens
 */
public record CfxHeader(Kind kind, int flags, int ec, int rrc, long sequence) {
    public static final int LENGTH = 16;
    /** The sender is the context acceptor. */
    public static final int SENT_BY_ACCEPTOR = 0x01;
    /** The wrap token's data is encrypted. */
    public static final int SEALED = 0x02;
    /** The acceptor's subkey protects the token. */
    public static final int ACCEPTOR_SUBKEY = 0x04;

    private static final int KNOWN_FLAGS = SENT_BY_ACCEPTOR | SEALED | ACCEPTOR_SUBKEY;

    /** The token kind and its TOK_ID. */
    public enum Kind {
        MIC(0x0404),
        WRAP(0x0504);

        private final int tokId;

        Kind(int tokId) {
            this.tokId = tokId;
        }

        public int tokId() {
            return tokId;
        }
    }

    public CfxHeader {
        if (ec < 0 || ec > 0xFFFF || rrc < 0 || rrc > 0xFFFF) {
            throw new IllegalArgumentException("EC and RRC are 16-bit fields");
        }
        if (kind == Kind.MIC && (ec != 0 || rrc != 0)) {
            throw new IllegalArgumentException("MIC tokens have no EC or RRC");
        }
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The same header with other EC and RRC values (the copy that is encrypted or checksummed). */
    public CfxHeader with(int newEc, int newRrc) {
        return new CfxHeader(kind, flags, newEc, newRrc, sequence);
    }

    /** Writes the 16 bytes at {@code out[offset]}. */
    public void writeTo(byte[] out, int offset) {
        out[offset] = (byte) (kind.tokId >>> 8);
        out[offset + 1] = (byte) kind.tokId;
        out[offset + 2] = (byte) flags;
        if (kind == Kind.MIC) {
            for (int i = 3; i < 8; i++) {
                out[offset + i] = (byte) 0xFF;
            }
        } else {
            out[offset + 3] = (byte) 0xFF;
            out[offset + 4] = (byte) (ec >>> 8);
            out[offset + 5] = (byte) ec;
            out[offset + 6] = (byte) (rrc >>> 8);
            out[offset + 7] = (byte) rrc;
        }
        for (int i = 0; i < 8; i++) {
            out[offset + 8 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        writeTo(out, 0);
        return out;
    }

    /**
     * Parses the header at {@code in[offset]}; {@code expected} is the kind the caller is processing.
     * Fails with INVALID_TOKEN on a short token, another TOK_ID, bad filler or unknown flags.
     */
    public static CfxHeader parse(byte[] in, int offset, int length, Kind expected) throws NegotiateException {
        if (in == null || offset < 0 || length < LENGTH || offset > in.length - length) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "per-message token shorter than its 16-byte header");
        }
        int tokId = (in[offset] & 0xFF) << 8 | (in[offset + 1] & 0xFF);
        if (tokId != expected.tokId) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    String.format(
                            "expected an RFC 4121 %s token (TOK_ID %04x), got TOK_ID %04x",
                            expected, expected.tokId, tokId));
        }
        int flags = in[offset + 2] & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "unknown per-message token flags 0x" + Integer.toHexString(flags));
        }
        int ec = 0;
        int rrc = 0;
        if (expected == Kind.MIC) {
            for (int i = 3; i < 8; i++) {
                if (in[offset + i] != (byte) 0xFF) {
                    throw new NegotiateException(Failure.INVALID_TOKEN, "bad filler in MIC token");
                }
            }
        } else {
            if (in[offset + 3] != (byte) 0xFF) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "bad filler in wrap token");
            }
            ec = (in[offset + 4] & 0xFF) << 8 | (in[offset + 5] & 0xFF);
            rrc = (in[offset + 6] & 0xFF) << 8 | (in[offset + 7] & 0xFF);
        }
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            seq = (seq << 8) | (in[offset + 8 + i] & 0xFF);
        }
        return new CfxHeader(expected, flags, ec, rrc, seq);
    }

    /**
     * Undoes the right rotation by {@code rrc} of the {@code length} bytes after the header
     * (RFC 4121 section 4.2.5): returns them in their original order, in a new array.
     */
    public static byte[] unrotate(byte[] in, int offset, int length, int rrc) {
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        int r = rrc % length;
        // the first r bytes on the wire are the last r bytes of the original
        System.arraycopy(in, offset + r, out, 0, length - r);
        System.arraycopy(in, offset, out, length - r, r);
        return out;
    }
}
