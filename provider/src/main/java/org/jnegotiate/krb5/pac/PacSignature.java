package org.jnegotiate.krb5.pac;

import java.util.Arrays;
import java.util.OptionalInt;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.mech.NegotiateException;

/**
 * PAC_SIGNATURE_DATA (MS-PAC 2.8): a keyed checksum over the PAC. {@code offset} is where the signature bytes
 * sit in the PAC, which the verifier zeroes in its copy before checksumming.
 *
 * @param type   the checksum type (RFC 3961 numbers; -138 is hmac-md5 with an RC4 key)
 * @param offset the signature's offset in the whole PAC
 * @param value  the signature
 */
record PacSignature(int type, int offset, byte[] value) {
    static final int HMAC_SHA1_96_AES256 = 16;

    PacSignature {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The length of a signature of {@code type}; empty for a type JNegotiate does not know. */
    static OptionalInt length(int type) {
        for (EncryptionType e : EncryptionType.values()) {
            if (e.checksumType() == type) {
                return OptionalInt.of(e.checksumLength());
            }
        }
        return OptionalInt.empty();
    }

    /** SignatureType, then the signature; a trailing RODCIdentifier (2 bytes) is allowed and ignored. */
    static PacSignature decode(byte[] pac, int offset, int size, String what) throws NegotiateException {
        LittleEndianReader in = new LittleEndianReader(pac, offset, size, what);
        int type = (int) in.u32("SignatureType");
        OptionalInt length = length(type);
        if (length.isEmpty()) {
            throw in.invalid("unknown signature type " + type);
        }
        int at = offset + in.position();
        byte[] value = in.bytes(length.getAsInt(), "Signature");
        if (in.remaining() != 0 && in.remaining() != 2) {
            throw in.invalid(in.remaining() + " bytes after the signature");
        }
        return new PacSignature(type, at, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacSignature s && s.type == type && s.offset == offset && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value) * 31 + type;
    }

    @Override
    public String toString() {
        return "PacSignature[type " + type + ", " + value.length + " bytes at " + offset + "]";
    }
}
