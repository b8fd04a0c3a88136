package org.jnegotiate.krb5.tokens;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The authenticator checksum of type 0x8003 (RFC 4121 section 4.1.1): channel-binding hash, context flags
 * and an optional delegated credential (a DER KRB-CRED). Integers are little-endian, as the RFC specifies.
 * Extensions after the delegation field are ignored when parsing and never sent.
 *
 * @param bindings   Bnd: the MD5 of the channel bindings, or 16 zero bytes when none were given
 * @param flags      the GSS context flags ({@link #DELEG} ...)
 * @param delegation the KRB-CRED, present only when {@link #DELEG} is set
 */
public record GssChecksum(byte[] bindings, int flags, Optional<byte[]> delegation) {
    /** The checksum type number on the wire. */
    public static final int TYPE = 0x8003;

    public static final int DELEG = 1;
    public static final int MUTUAL = 2;
    public static final int REPLAY = 4;
    public static final int SEQUENCE = 8;
    public static final int CONF = 16;
    public static final int INTEG = 32;
    private static final int BND_LENGTH = 16;
    private static final int FIXED_LENGTH = 24;

    public GssChecksum {
        if (bindings.length != BND_LENGTH) {
            throw new IllegalArgumentException("Bnd must be 16 bytes");
        }
        bindings = bindings.clone();
        delegation = delegation.map(byte[]::clone);
        if (delegation.isPresent() != ((flags & DELEG) != 0)) {
            throw new IllegalArgumentException("the DELEG flag must be set exactly when a credential is delegated");
        }
    }

    /** Sixteen zero bytes: "no channel bindings". */
    public static byte[] noBindings() {
        return new byte[BND_LENGTH];
    }

    @Override
    public byte[] bindings() {
        return bindings.clone();
    }

    @Override
    public Optional<byte[]> delegation() {
        return delegation.map(byte[]::clone);
    }

    /** Whether Bnd is all zeros (the initiator gave no channel bindings). */
    public boolean hasNoBindings() {
        return MessageDigest.isEqual(bindings, new byte[BND_LENGTH]);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public byte[] encode() {
        int delegLength = delegation.map(d -> 4 + d.length).orElse(0);
        byte[] out = new byte[FIXED_LENGTH + delegLength];
        putLe32(out, 0, BND_LENGTH);
        System.arraycopy(bindings, 0, out, 4, BND_LENGTH);
        putLe32(out, 20, flags);
        if (delegation.isPresent()) {
            byte[] d = delegation.get();
            if (d.length > 0xFFFF) {
                throw new IllegalArgumentException("delegated credential longer than 65535 bytes");
            }
            out[24] = 1; // DlgOpt = 1
            out[25] = 0;
            out[26] = (byte) d.length;
            out[27] = (byte) (d.length >>> 8);
            System.arraycopy(d, 0, out, 28, d.length);
        }
        return out;
    }

    public static GssChecksum decode(byte[] in) throws NegotiateException {
        if (in == null || in.length < FIXED_LENGTH) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "GSS authenticator checksum shorter than 24 bytes");
        }
        int lgth = le32(in, 0);
        if (lgth != BND_LENGTH) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "GSS authenticator checksum with a channel-binding length of " + lgth + " instead of 16");
        }
        byte[] bnd = Arrays.copyOfRange(in, 4, 4 + BND_LENGTH);
        int flags = le32(in, 20);
        Optional<byte[]> deleg = Optional.empty();
        if ((flags & DELEG) != 0) {
            if (in.length < FIXED_LENGTH + 4) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN, "GSS checksum has the delegation flag but no delegation field");
            }
            int dlgOpt = (in[24] & 0xFF) | (in[25] & 0xFF) << 8;
            int dlgth = (in[26] & 0xFF) | (in[27] & 0xFF) << 8;
            if (dlgOpt != 1) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "unknown delegation option " + dlgOpt);
            }
            if (dlgth > in.length - 28) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN,
                        "delegated credential length " + dlgth + " exceeds the " + (in.length - 28) + " bytes present");
            }
            deleg = Optional.of(Arrays.copyOfRange(in, 28, 28 + dlgth));
        }
        return new GssChecksum(bnd, flags, deleg);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GssChecksum g
                && flags == g.flags
                && Arrays.equals(bindings, g.bindings)
                && delegation.isPresent() == g.delegation.isPresent()
                && (delegation.isEmpty() || Arrays.equals(delegation.get(), g.delegation.get()));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bindings) * 31 + flags;
    }

    @Override
    public String toString() {
        return "GssChecksum[flags=0x" + Integer.toHexString(flags) + ", bindings=" + (hasNoBindings() ? "none" : "md5")
                + ", delegation=" + delegation.map(d -> d.length + " bytes").orElse("none") + "]";
    }
}
