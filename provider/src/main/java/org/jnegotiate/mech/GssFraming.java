package org.jnegotiate.mech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.TagClass;
import org.apache.kerby.asn1.UniversalTag;
import org.apache.kerby.asn1.parse.Asn1Header;
import org.apache.kerby.asn1.parse.Asn1Reader;
import org.apache.kerby.asn1.util.Asn1Util;

/**
 * The RFC 2743 section 3.1 framing of an initial context token:
 * {@code [APPLICATION 0] IMPLICIT SEQUENCE { thisMech MechType, innerContextToken ANY }}, that is
 * {@code 0x60 len 0x06 oidlen oid inner}. The inner bytes are not DER (Kerberos puts a two-byte TOK_ID
 * before its AP-REQ), so only the two headers are read, with Kerby's header reader, and checked strictly:
 * definite minimal lengths, the outer length exactly the rest of the token, the OID inside it.
 */
public final class GssFraming {
    /** [APPLICATION 0], constructed. */
    private static final Tag FRAME_TAG = new Tag(TagClass.APPLICATION.getValue() | 0x20, 0);
    private static final Tag OID_TAG = new Tag(UniversalTag.OBJECT_IDENTIFIER);
    /** An OID longer than this is not one anybody uses; refusing it keeps lookups cheap. */
    private static final int MAX_OID_LENGTH = 64;

    private GssFraming() {
    }

    /** A framed token taken apart: the mechanism OID (its full DER) and the inner token. */
    public record Framed(byte[] oidDer, byte[] inner) {
        public Framed {
            oidDer = oidDer.clone();
            inner = inner.clone();
        }

        /** The mechanism, when it is one JNegotiate knows. */
        public Optional<MechOid> mechanism() {
            return MechOid.ofDer(oidDer);
        }

        @Override
        public byte[] oidDer() {
            return oidDer.clone();
        }

        @Override
        public byte[] inner() {
            return inner.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Framed f && Arrays.equals(oidDer, f.oidDer) && Arrays.equals(inner, f.inner);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(oidDer) + Arrays.hashCode(inner);
        }

        @Override
        public String toString() {
            return "Framed[" + mechanism().map(Object::toString).orElse("unknown OID") + ", " + inner.length + " bytes]";
        }
    }

    /** Frames {@code inner} as an initial context token of {@code mech}. */
    public static byte[] wrap(MechOid mech, byte[] inner) {
        Objects.requireNonNull(mech, "mech");
        Objects.requireNonNull(inner, "inner");
        byte[] oid = mech.der();
        int body = oid.length + inner.length;
        ByteBuffer out = ByteBuffer.allocate(1 + Asn1Util.lengthOfBodyLength(body) + body);
        Asn1Util.encodeTag(out, FRAME_TAG);
        Asn1Util.encodeLength(out, body);
        out.put(oid).put(inner);
        return out.array();
    }

    /** True when {@code token} starts like a framed token (0x60); says nothing about its validity. */
    public static boolean looksFramed(byte[] token) {
        return token != null && token.length > 0 && (token[0] & 0xFF) == 0x60;
    }

    /** Takes a framed token apart; {@link Failure#INVALID_TOKEN} on anything malformed. */
    public static Framed unwrap(byte[] token) throws NegotiateException {
        int innerStart = innerStart(token);
        int oidStart = oidStart(token);
        return new Framed(Arrays.copyOfRange(token, oidStart, innerStart),
                Arrays.copyOfRange(token, innerStart, token.length));
    }

    /**
     * Unwraps a token that must belong to {@code expected} (either Kerberos OID answers for Kerberos). The OID
     * is compared in place and the inner token copied once: this runs for every Kerberos token inside SPNEGO.
     */
    public static byte[] unwrap(byte[] token, MechOid expected) throws NegotiateException {
        return Arrays.copyOfRange(token, innerStart(token, expected), token.length);
    }

    /**
     * Checks a framed token of {@code expected} as {@link #unwrap(byte[], MechOid)} does and returns where its
     * inner token starts, without copying anything.
     */
    public static int innerStart(byte[] token, MechOid expected) throws NegotiateException {
        int innerStart = innerStart(token);
        int oidStart = oidStart(token);
        Optional<MechOid> m = MechOid.ofDer(Arrays.copyOfRange(token, oidStart, innerStart));
        boolean ok = m.isPresent() && (m.get() == expected || (m.get().isKerberos() && expected.isKerberos()));
        if (!ok) {
            throw invalid("the framed token belongs to " + m.map(Object::toString).orElse("an unknown mechanism")
                    + ", not " + expected);
        }
        return innerStart;
    }

    /** Checks both headers strictly and returns where the inner token starts. */
    private static int innerStart(byte[] token) throws NegotiateException {
        if (token == null || token.length < 2) {
            throw invalid("the token is too short to be a framed initial context token");
        }
        ByteBuffer buf = ByteBuffer.wrap(token);
        Asn1Reader reader = new Asn1Reader(buf);
        Asn1Header outer = header(reader, token.length);
        if (!outer.getTag().equals(FRAME_TAG)) {
            throw invalid("the token does not start with [APPLICATION 0] (0x60) but 0x"
                    + Integer.toHexString(token[0] & 0xFF));
        }
        int bodyStart = reader.getPosition();
        if (outer.getLength() != token.length - bodyStart) {
            throw invalid("the framing says " + outer.getLength() + " bytes follow but " + (token.length - bodyStart)
                    + " do");
        }
        Asn1Header oid = header(reader, token.length);
        if (!oid.getTag().equals(OID_TAG)) {
            throw invalid("the framed token does not start with an OBJECT IDENTIFIER");
        }
        int oidBody = reader.getPosition();
        if (oid.getLength() < 1 || oid.getLength() > MAX_OID_LENGTH || oid.getLength() > token.length - oidBody) {
            throw invalid("the mechanism OID length " + oid.getLength() + " does not fit the token");
        }
        return oidBody + oid.getLength();
    }

    /** Where the OID starts in a token {@link #innerStart} accepted: after 0x60 and its (minimal) length. */
    private static int oidStart(byte[] token) {
        int first = token[1] & 0xFF;
        return first < 0x80 ? 2 : 2 + (first & 0x7F);
    }

    /** Reads one header and checks that it is definite, minimal and within the token. */
    private static Asn1Header header(Asn1Reader reader, int limit) throws NegotiateException {
        int start = reader.getPosition();
        Asn1Header h;
        try {
            h = reader.readHeader();
        } catch (IOException | RuntimeException e) {
            throw invalid("malformed DER header at offset " + start + ": " + e.getMessage());
        }
        int consumed = reader.getPosition() - start;
        if (reader.getPosition() > limit) {
            throw invalid("the DER header at offset " + start + " is truncated");
        }
        if (!h.isDefinitiveLength()) {
            throw invalid("indefinite length at offset " + start + " (not DER)");
        }
        int expected = Asn1Util.lengthOfTagLength(h.getTag().tagNo()) + Asn1Util.lengthOfBodyLength(h.getLength());
        if (consumed != expected) {
            throw invalid("non-minimal DER length encoding at offset " + start);
        }
        return h;
    }

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
