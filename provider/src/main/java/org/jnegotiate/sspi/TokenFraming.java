package org.jnegotiate.sspi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kerby.asn1.parse.Asn1Header;
import org.apache.kerby.asn1.parse.Asn1Reader;
import org.apache.kerby.asn1.util.Asn1Util;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * The RFC 2743 section 3.1 framing ({@code 0x60 len 0x06 oidlen oid inner}) where Windows puts it: the
 * first SPNEGO initiator token and every Kerberos context token. The single place the door frames, so that
 * it can switch to the engine's shared codec ({@code org.jnegotiate.mech.GssFraming}) in one edit.
 */
final class TokenFraming {
    private static final int FRAME_TAG = 0x60;
    private static final int OID_TAG = 0x06;

    private TokenFraming() {
    }

    static boolean looksFramed(byte[] token) {
        return token != null && token.length > 0 && (token[0] & 0xFF) == FRAME_TAG;
    }

    static byte[] frame(MechOid mech, byte[] inner) {
        byte[] oid = mech.der();
        int body = oid.length + inner.length;
        ByteBuffer out = ByteBuffer.allocate(1 + Asn1Util.lengthOfBodyLength(body) + body);
        out.put((byte) FRAME_TAG);
        Asn1Util.encodeLength(out, body);
        out.put(oid).put(inner);
        return out.array();
    }

    /** The framed token's mechanism (empty when the OID is not one JNegotiate knows) and inner token. */
    record Framed(Optional<MechOid> mechanism, byte[] inner) {
    }

    static Framed unframe(byte[] token) throws NegotiateException {
        if (!looksFramed(token) || token.length < 4) {
            throw invalid("not a framed initial context token");
        }
        Asn1Reader reader = new Asn1Reader(ByteBuffer.wrap(token));
        Asn1Header outer = header(reader, token.length);
        if (outer.getLength() != token.length - reader.getPosition()) {
            throw invalid("the framing length does not match the token");
        }
        int oidStart = reader.getPosition();
        Asn1Header oid = header(reader, token.length);
        if (oid.getTag().tagNo() != OID_TAG || !oid.getTag().isPrimitive() || oid.getLength() < 1
                || oid.getLength() > 64 || oid.getLength() > token.length - reader.getPosition()) {
            throw invalid("the framed token does not carry a mechanism OID");
        }
        int innerStart = reader.getPosition() + oid.getLength();
        byte[] oidDer = Arrays.copyOfRange(token, oidStart, innerStart);
        return new Framed(MechOid.ofDer(oidDer), Arrays.copyOfRange(token, innerStart, token.length));
    }

    /** Unframes a token that must belong to {@code expected} (either Kerberos OID stands for Kerberos). */
    static byte[] unframe(byte[] token, MechOid expected) throws NegotiateException {
        Framed f = unframe(token);
        MechOid m = f.mechanism().orElseThrow(() -> invalid("the framed token belongs to an unknown mechanism"));
        if (m != expected && !(m.isKerberos() && expected.isKerberos())) {
            throw invalid("the framed token belongs to " + m + ", not " + expected);
        }
        return f.inner();
    }

    private static Asn1Header header(Asn1Reader reader, int limit) throws NegotiateException {
        try {
            Asn1Header h = reader.readHeader();
            if (!h.isDefinitiveLength() || reader.getPosition() > limit || h.getLength() < 0) {
                throw invalid("malformed framing header");
            }
            return h;
        } catch (IOException | RuntimeException e) {
            throw invalid("malformed framing header: " + e.getMessage());
        }
    }

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
