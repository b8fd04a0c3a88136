package org.jnegotiate.testing;

import java.io.ByteArrayOutputStream;

/**
 * Test-only builder of hand-made TLVs, for the malformed and unusual encodings a real ASN.1 encoder will not
 * produce (fields out of order, wrong tags, padded OIDs). Short and long definite lengths; no validation.
 */
public final class TestTlv {
    private TestTlv() {}

    /** A TLV with {@code tag} around the concatenated parts (each {@code byte[]}; null parts are skipped). */
    public static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            if (p != null) {
                body.writeBytes(p);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** An explicit context tag [n] (constructed) around one value. */
    public static byte[] explicit(int tagNo, byte[] value) {
        return tlv(0xA0 | tagNo, value);
    }
}
