package org.jnegotiate.asn1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Binds field values straight from the tree of {@link DerReader}, the project's strict DER reader: the readers
 * here check each value's type and compute integers, strings and times from the input bytes (byte strings are
 * copied once), with no intermediate objects per field.
 *
 * <p>Every failure is a {@link NegotiateException} with {@link Failure#INVALID_TOKEN}. {@link #bind} is the one
 * place where a runtime exception of a binder becomes one, so a bug in a binder cannot leak another exception
 * type to a caller. The readers take {@code what}, a name of the field for the error message, and fail with
 * "missing what" on {@code null} (an absent field), so a required field is read by calling the reader, an
 * optional one by testing for null first.
 */
public final class Asn1Tree {
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int ENUMERATED = 0x0A;
    private static final int SEQUENCE = 0x10;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int GENERAL_STRING = 0x1B;
    /** An OID longer than this is not one anybody uses (the longest known mechanism OID has 10 content bytes). */
    private static final int MAX_OID_LENGTH = 64;

    private Asn1Tree() {}

    /** Binds a value from a checked DER tree. */
    @FunctionalInterface
    public interface Binder<R> {
        R bind(DerElement root) throws NegotiateException;
    }

    /**
     * Reads {@code der} (all of it) and binds the value; any failure, expected or not, is INVALID_TOKEN.
     *
     * @param what the name of the structure, for error messages ("AP-REQ")
     */
    public static <R> R bind(byte[] der, String what, Binder<R> binder) throws NegotiateException {
        return bind(der, 0, der == null ? 0 : der.length, what, binder);
    }

    /** {@link #bind(byte[], String, Binder)} over {@code length} bytes at {@code offset}. */
    public static <R> R bind(byte[] der, int offset, int length, String what, Binder<R> binder)
            throws NegotiateException {
        DerElement root = parse(der, offset, length, what);
        try {
            return binder.bind(root);
        } catch (RuntimeException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e, e);
        }
    }

    /**
     * The checked DER tree of {@code length} bytes at {@code offset}, which must be one element exactly (see
     * {@link DerReader}). The elements' offsets index {@code der} itself.
     */
    public static DerElement parse(byte[] der, int offset, int length, String what) throws NegotiateException {
        return DerReader.read(der, offset, length, what);
    }

    // ---------------------------------------------------------------- structure

    /** The value inside {@code [APPLICATION tagNo]}. */
    public static DerElement application(DerElement item, int tagNo, String what) throws NegotiateException {
        required(item, what);
        if (!item.isApplication(tagNo)) {
            throw invalid(
                    "malformed " + what + ": " + item.tagName() + " where [APPLICATION " + tagNo + "] is expected");
        }
        return item.explicitValue();
    }

    /** The elements of a SEQUENCE (or SEQUENCE OF), in order. */
    public static List<DerElement> sequenceOf(DerElement item, String what) throws NegotiateException {
        expect(item, SEQUENCE, "a SEQUENCE", what);
        return item.children();
    }

    /**
     * The values inside the explicit context tags [0] to [count - 1] of a SEQUENCE, indexed by tag number,
     * null where absent: tags strictly increasing, none unknown, none
     * repeated, nothing but context tags ({@link #parse} made each hold exactly one value).
     */
    public static DerElement[] fields(DerElement sequence, int count, String what) throws NegotiateException {
        DerElement[] values = new DerElement[count];
        int last = -1;
        for (DerElement field : sequenceOf(sequence, what)) {
            int tagNo = field.isContextSpecific() ? field.tagNo() : -1;
            if (tagNo <= last || tagNo >= count) {
                throw invalid("unexpected " + field.tagName() + (tagNo >= 0 && tagNo <= last ? " (out of order)" : "")
                        + " in the " + what);
            }
            values[tagNo] = field.explicitValue();
            last = tagNo;
        }
        return values;
    }

    /** Fails with "missing what" on null; returns the item. */
    public static <T> T required(T item, String what) throws NegotiateException {
        if (item == null) {
            throw invalid("missing " + what);
        }
        return item;
    }

    // ---------------------------------------------------------------- INTEGER

    /** An INTEGER that fits in 64 bits (leading sign octets are tolerated, as Kerby does). */
    public static long integer(DerElement item, String what) throws NegotiateException {
        expect(item, INTEGER, "an INTEGER", what);
        return twosComplement(item, what);
    }

    /** An ENUMERATED value (its content is an INTEGER's, RFC 4178's negState for one). */
    public static long enumerated(DerElement item, String what) throws NegotiateException {
        expect(item, ENUMERATED, "an ENUMERATED", what);
        return twosComplement(item, what);
    }

    private static long twosComplement(DerElement item, String what) throws NegotiateException {
        int length = item.bodyLength();
        if (length == 0) {
            throw invalid(what + " is an INTEGER without content");
        }
        byte[] in = item.input();
        int p = item.bodyStart();
        long v = in[p] < 0 ? -1 : 0;
        for (int end = p + length; p < end; p++) {
            long high = v >> 55;
            if (high != 0 && high != -1) {
                throw invalid(what + " is an INTEGER larger than 64 bits");
            }
            v = (v << 8) | (in[p] & 0xFF);
        }
        return v;
    }

    /** An Int32 (RFC 4120 section 5.2.4). */
    public static int int32(DerElement item, String what) throws NegotiateException {
        long v = integer(item, what);
        if (v != (int) v) {
            throw invalid(what + " (" + v + ") is out of the Int32 range");
        }
        return (int) v;
    }

    /**
     * A UInt32 (RFC 4120 section 5.2.4) as senders write it: 0 to 2^32 - 1, or a negative Int32 taken as its
     * two's complement (implementations have sent seq-number and kvno as signed 32-bit values; RFC 4120
     * section 5.3 asks receivers to accept that).
     *
     * @return the value, 0 to 2^32 - 1
     */
    public static long unsigned32(DerElement item, String what) throws NegotiateException {
        long v = integer(item, what);
        if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
            throw invalid(what + " (" + v + ") is out of the UInt32 range");
        }
        return v & 0xFFFFFFFFL;
    }

    /** An INTEGER that must equal {@code expected} (pvno 5, msg-type 14 ...). */
    public static void integerEquals(DerElement item, long expected, String what) throws NegotiateException {
        long v = integer(item, what);
        if (v != expected) {
            throw invalid(what + " is " + v + ", not " + expected);
        }
    }

    // ---------------------------------------------------------------- strings and times

    /** An OCTET STRING's content, copied once from the input. */
    public static byte[] octets(DerElement item, String what) throws NegotiateException {
        expect(item, OCTET_STRING, "an OCTET STRING", what);
        int from = item.bodyStart();
        return Arrays.copyOfRange(item.input(), from, from + item.bodyLength());
    }

    /** Checks that the item is an OCTET STRING without copying it (a field that is skipped). */
    public static void skipOctets(DerElement item, String what) throws NegotiateException {
        expect(item, OCTET_STRING, "an OCTET STRING", what);
    }

    /**
     * A GeneralString (KerberosString, RFC 4120 section 5.2.1) as text: UTF-8, which is ASCII for ASCII (RFC 4120
     * asks for IA5 characters; Windows and MIT put UTF-8 in names).
     */
    public static String generalString(DerElement item, String what) throws NegotiateException {
        expect(item, GENERAL_STRING, "a GeneralString", what);
        return new String(item.input(), item.bodyStart(), item.bodyLength(), StandardCharsets.UTF_8);
    }

    /** A KerberosTime (RFC 4120 section 5.2.3), strictly {@code YYYYMMDDHHMMSSZ}; see {@link GeneralizedTime}. */
    public static Instant kerberosTime(DerElement item, String what) throws NegotiateException {
        expect(item, GENERALIZED_TIME, "a GeneralizedTime", what);
        return GeneralizedTime.parse(item.input(), item.bodyStart(), item.bodyLength(), what);
    }

    /**
     * KerberosFlags (RFC 4120 section 5.2.8): a BIT STRING of at least 32 bits, of which the first 32 are
     * returned, bit 0 (the first, most significant on the wire) as the int's most significant bit. Bits beyond
     * 32 are ignored, as the RFC allows for flags an implementation does not know.
     */
    public static int kerberosFlags(DerElement item, String what) throws NegotiateException {
        expect(item, BIT_STRING, "a BIT STRING", what);
        int length = item.bodyLength();
        byte[] in = item.input();
        int p = item.bodyStart();
        if (length < 5 || in[p] < 0 || in[p] > 7 || (in[p + length - 1] & ((1 << in[p]) - 1)) != 0) {
            throw invalid(what + " is not a BIT STRING of at least 32 bits in DER");
        }
        return ((in[p + 1] & 0xFF) << 24) | ((in[p + 2] & 0xFF) << 16) | ((in[p + 3] & 0xFF) << 8) | (in[p + 4] & 0xFF);
    }

    /**
     * An OBJECT IDENTIFIER in dotted form, from its canonical encoding only: at most {@value #MAX_OID_LENGTH}
     * content bytes, every sub-identifier in its shortest form (no leading 0x80) and at most 63 bits, the last
     * one complete.
     */
    public static String objectIdentifier(DerElement item, String what) throws NegotiateException {
        expect(item, OBJECT_IDENTIFIER, "an OBJECT IDENTIFIER", what);
        int length = item.bodyLength();
        if (length < 1 || length > MAX_OID_LENGTH) {
            throw invalid(what + " is an OBJECT IDENTIFIER of " + length + " bytes");
        }
        byte[] in = item.input();
        StringBuilder dotted = new StringBuilder(length * 3);
        long arc = 0;
        boolean first = true;
        for (int p = item.bodyStart(), end = p + length; p < end; p++) {
            int b = in[p] & 0xFF;
            if (arc == 0 && b == 0x80) {
                throw invalid(what + " is not a canonical OBJECT IDENTIFIER (a padded sub-identifier)");
            }
            if ((arc >>> 56) != 0) {
                throw invalid(what + " has a sub-identifier larger than 63 bits");
            }
            arc = (arc << 7) | (b & 0x7F);
            if ((b & 0x80) != 0) {
                if (p == end - 1) {
                    throw invalid(what + " ends inside a sub-identifier");
                }
                continue;
            }
            if (first) {
                int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                dotted.append(top).append('.').append(arc - 40L * top);
                first = false;
            } else {
                dotted.append('.').append(arc);
            }
            arc = 0;
        }
        return dotted.toString();
    }

    /**
     * A BIT STRING's first 32 bits, bit 0 (the first on the wire, the most significant of its first octet) as
     * bit 0 of the result (RFC 4178 ContextFlags numbering); missing bits are 0, bits past 32 and the unused
     * bits of the last octet are ignored.
     */
    public static int bitStringLsbFirst(DerElement item, String what) throws NegotiateException {
        expect(item, BIT_STRING, "a BIT STRING", what);
        int length = item.bodyLength();
        byte[] in = item.input();
        int p = item.bodyStart();
        if (length < 1 || in[p] < 0 || in[p] > 7 || (length == 1 && in[p] != 0)) {
            throw invalid(what + " is not a valid BIT STRING");
        }
        int bits = (length - 1) * 8 - in[p];
        int v = 0;
        for (int i = 0; i < bits && i < 32; i++) {
            if ((in[p + 1 + i / 8] & (0x80 >>> (i % 8))) != 0) {
                v |= 1 << i;
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    private static void expect(DerElement item, int universalTag, String type, String what) throws NegotiateException {
        required(item, what);
        if (!item.isUniversal(universalTag)) {
            throw invalid(what + " is " + item.tagName() + ", not " + type);
        }
        // parse() made every universal type other than SEQUENCE and SET primitive, and those two constructed
    }

    /** The exception for malformed input. */
    public static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
