package org.jnegotiate.mech;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The RFC 2743 section 3.1 framing of an initial context token:
 * {@code [APPLICATION 0] IMPLICIT SEQUENCE { thisMech MechType, innerContextToken ANY }}, that is
 * {@code 0x60 len 0x06 oidlen oid inner}. The inner bytes are not DER (Kerberos puts a two-byte TOK_ID
 * before its AP-REQ), so only the two headers are read, here, and checked strictly: definite minimal lengths of at
 * most four octets, each checked against what is left before it is used, the outer length exactly the rest of the
 * token, the OID inside it. (Not with the project's DER reader: {@code asn1} depends on this package.)
 *
 * <p>The one reader and writer of this header in the engine. Mechanisms take and emit bare tokens; each door
 * applies one framing policy around them (the JDK framework for the GSS door, {@code sspi.TokenFraming} for the
 * SSPI door), and SPNEGO frames its inner Kerberos token in {@code NegotiateContext.frameInner} and
 * {@code innerInput}. (The agent's {@code gss.UnframedFirstTokens} writes an SPNEGO header of its own: it runs inside
 * {@code java.security.jgss}, where this class cannot be reached.)
 */
public final class GssFraming {
    /** [APPLICATION 0], constructed. */
    private static final int FRAME_TAG = 0x60;
    /** UNIVERSAL 6, OBJECT IDENTIFIER. */
    private static final int OID_TAG = 0x06;
    /** Length octets after 0x8n: four give 2^31 - 1, more than any array; more is refused. */
    private static final int MAX_LENGTH_OCTETS = 4;
    /** An OID longer than this is not one anybody uses; refusing it keeps lookups cheap. */
    private static final int MAX_OID_LENGTH = 64;

    private GssFraming() {}

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
            return "Framed[" + mechanism().map(Object::toString).orElse("unknown OID") + ", " + inner.length
                    + " bytes]";
        }
    }

    /** Frames {@code inner} as an initial context token of {@code mech}. */
    public static byte[] wrap(MechOid mech, byte[] inner) {
        Objects.requireNonNull(mech, "mech");
        Objects.requireNonNull(inner, "inner");
        byte[] oid = mech.der();
        int body = oid.length + inner.length;
        int lengthOctets = lengthOctets(body);
        byte[] out = new byte[1 + lengthOctets + body];
        out[0] = (byte) FRAME_TAG;
        if (lengthOctets == 1) {
            out[1] = (byte) body;
        } else {
            out[1] = (byte) (0x80 | (lengthOctets - 1));
            for (int i = lengthOctets - 1, v = body; i >= 1; i--, v >>>= 8) {
                out[1 + i] = (byte) v;
            }
        }
        System.arraycopy(oid, 0, out, 1 + lengthOctets, oid.length);
        System.arraycopy(inner, 0, out, 1 + lengthOctets + oid.length, inner.length);
        return out;
    }

    /** How many octets the DER length {@code n} takes: one below 128, else 0x8k and k octets. */
    private static int lengthOctets(int n) {
        if (n < 0x80) {
            return 1;
        }
        int k = 1;
        while (k < 4 && (n >>> (8 * k)) != 0) {
            k++;
        }
        return 1 + k;
    }

    /** True when {@code token} starts like a framed token (0x60); says nothing about its validity. */
    public static boolean looksFramed(byte[] token) {
        return token != null && token.length > 0 && (token[0] & 0xFF) == 0x60;
    }

    /** Takes a framed token apart; {@link Failure#INVALID_TOKEN} on anything malformed. */
    public static Framed unwrap(byte[] token) throws NegotiateException {
        int innerStart = innerStart(token);
        int oidStart = oidStart(token);
        return new Framed(
                Arrays.copyOfRange(token, oidStart, innerStart), Arrays.copyOfRange(token, innerStart, token.length));
    }

    /**
     * Unwraps a token that must belong to {@code expected} (either Kerberos OID answers for Kerberos). The OID
     * is compared in place and the inner token copied once: this runs for every Kerberos token inside SPNEGO.
     */
    public static byte[] unwrap(byte[] token, MechOid expected) throws NegotiateException {
        return Arrays.copyOfRange(token, innerStart(token, expected), token.length);
    }

    /** Checks a framed token of {@code expected} and returns where its inner token starts. */
    private static int innerStart(byte[] token, MechOid expected) throws NegotiateException {
        int innerStart = innerStart(token);
        int oidStart = oidStart(token);
        Optional<MechOid> m = MechOid.ofDer(Arrays.copyOfRange(token, oidStart, innerStart));
        boolean ok = m.isPresent() && (m.get() == expected || (m.get().isKerberos() && expected.isKerberos()));
        if (!ok) {
            throw invalid("the framed token belongs to "
                    + m.map(Object::toString).orElse("an unknown mechanism") + ", not " + expected);
        }
        return innerStart;
    }

    /** Checks both headers strictly and returns where the inner token starts. */
    private static int innerStart(byte[] token) throws NegotiateException {
        if (token == null || token.length < 2) {
            throw invalid("the token is too short to be a framed initial context token");
        }
        if ((token[0] & 0xFF) != FRAME_TAG) {
            throw invalid("the token does not start with [APPLICATION 0] (0x60) but 0x"
                    + Integer.toHexString(token[0] & 0xFF));
        }
        Header outer = header(token, 0);
        int bodyStart = outer.bodyStart();
        if (outer.length() != token.length - bodyStart) {
            throw invalid(
                    "the framing says " + outer.length() + " bytes follow but " + (token.length - bodyStart) + " do");
        }
        if (bodyStart >= token.length || token[bodyStart] != OID_TAG) {
            throw invalid("the framed token does not start with an OBJECT IDENTIFIER");
        }
        Header oid = header(token, bodyStart);
        int oidBody = oid.bodyStart();
        int oidLength = oid.length();
        if (oidLength < 1 || oidLength > MAX_OID_LENGTH || oidLength > token.length - oidBody) {
            throw invalid("the mechanism OID length " + oidLength + " does not fit the token");
        }
        return oidBody + oidLength;
    }

    /** Where the OID starts in a token {@link #innerStart} accepted: after 0x60 and its (minimal) length. */
    private static int oidStart(byte[] token) {
        int first = token[1] & 0xFF;
        return first < 0x80 ? 2 : 2 + (first & 0x7F);
    }

    /**
     * Reads the length octets of the header whose (one-octet) identifier is at {@code at}: definite, minimal, at
     * most {@value #MAX_LENGTH_OCTETS} octets, none read past the end of the token. The length may still exceed
     * what follows; the caller compares it with that.
     */
    private static Header header(byte[] token, int at) throws NegotiateException {
        int p = at + 1;
        if (p >= token.length) {
            throw invalid("the DER header at offset " + at + " is truncated");
        }
        int first = token[p++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw invalid("indefinite length at offset " + at + " (not DER)");
        } else {
            int n = first & 0x7F;
            if (n > MAX_LENGTH_OCTETS) {
                throw invalid("a length of " + n + " octets at offset " + at);
            }
            if (n > token.length - p) {
                throw invalid("the DER header at offset " + at + " is truncated");
            }
            if (token[p] == 0) {
                throw invalid("non-minimal DER length encoding at offset " + at);
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (token[p++] & 0xFF);
            }
            if (length < 0x80) {
                throw invalid("non-minimal DER length encoding at offset " + at);
            }
            if (length > Integer.MAX_VALUE) {
                throw invalid("a length of " + length + " at offset " + at);
            }
        }
        return new Header(p, (int) length);
    }

    /** A header read by {@link #header}: where the contents start, and their length. */
    private record Header(int bodyStart, int length) {}

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
