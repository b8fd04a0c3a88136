package org.jnegotiate.asn1;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Hand-built DER for tests: what a peer could send, including what this project's encoders never write. */
public final class Der {
    private Der() {}

    /** A TLV with the shortest definite length; {@code tag} is the identifier octet. */
    public static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    public static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    /** Explicit context tag [n]. */
    public static byte[] ctx(int n, byte[] inner) {
        return tlv(0xA0 | n, inner);
    }

    /** [APPLICATION n], n below 31. */
    public static byte[] app(int n, byte[] inner) {
        return tlv(0x60 | n, inner);
    }

    public static byte[] integer(long v) {
        return tlv(0x02, BigInteger.valueOf(v).toByteArray());
    }

    public static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    public static byte[] octets(byte[] v) {
        return tlv(0x04, v);
    }

    public static byte[] generalString(String s) {
        return tlv(0x1B, s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] time(String s) {
        return tlv(0x18, s.getBytes(StandardCharsets.US_ASCII));
    }

    /** KerberosFlags: 32 bits, no unused bits. */
    public static byte[] flags(int v) {
        return tlv(0x03, new byte[] {0, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
