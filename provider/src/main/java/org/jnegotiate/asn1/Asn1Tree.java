package org.jnegotiate.asn1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.parse.Asn1Container;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.parse.Asn1Parser;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * A strict reader of DER over Kerby's parse tree: Kerby's {@link Asn1Parser} splits the input into tags and
 * lengths, this class checks the tree against DER and binds field values straight from it, without Kerby's
 * reflective typed classes (which build an object per field, and a SimpleDateFormat per time).
 *
 * <p>{@link #parse} accepts only: definite lengths in their shortest form, every child exactly where its
 * parent and its elder sibling end, children exactly filling their parent, the outer element exactly filling
 * the input; context-specific and application tags constructed with exactly one child (explicit tagging,
 * as in RFC 4120 and RFC 4178); universal SEQUENCE and SET constructed and every other universal type
 * primitive; no private tags. The readers then check each value's type. Every failure is a
 * {@link NegotiateException} with {@link Failure#INVALID_TOKEN}; {@link #bind} is the one place where an
 * unexpected runtime exception of Kerby or of a binder (and a stack overflow on deep nesting) becomes one.
 *
 * <p>Values are read from the input array itself (the parse results keep offsets into it): byte strings are
 * copied once, integers, strings and times are computed from the bytes. The readers take {@code what}, a
 * name of the field for the error message, and fail with "missing what" on {@code null} (an absent field), so
 * a required field is read by calling the reader, an optional one by testing for null first.
 */
public final class Asn1Tree {
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int ENUMERATED = 0x0A;
    private static final int SEQUENCE = 0x10;
    private static final int SET = 0x11;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int GENERAL_STRING = 0x1B;

    private Asn1Tree() {
    }

    /** Binds a value from a checked parse tree. */
    @FunctionalInterface
    public interface Binder<R> {
        R bind(Asn1ParseResult root) throws NegotiateException;
    }

    /**
     * Parses {@code der} (all of it) and binds the value; any failure, expected or not, is INVALID_TOKEN.
     *
     * @param what the name of the structure, for error messages ("AP-REQ")
     */
    public static <R> R bind(byte[] der, String what, Binder<R> binder) throws NegotiateException {
        return bind(der, 0, der == null ? 0 : der.length, what, binder);
    }

    /** {@link #bind(byte[], String, Binder)} over {@code length} bytes at {@code offset}. */
    public static <R> R bind(byte[] der, int offset, int length, String what, Binder<R> binder)
            throws NegotiateException {
        Asn1ParseResult root = parse(der, offset, length, what);
        try {
            return binder.bind(root);
        } catch (RuntimeException | StackOverflowError e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e, e);
        }
    }

    /**
     * The checked parse tree of {@code length} bytes at {@code offset}, which must be one DER element exactly.
     * The results' offsets ({@link Asn1ParseResult#getBodyStart()} ...) index {@code der} itself.
     */
    public static Asn1ParseResult parse(byte[] der, int offset, int length, String what) throws NegotiateException {
        if (der == null || length <= 0) {
            throw invalid("empty " + what);
        }
        if (offset < 0 || offset > der.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + der.length + " bytes");
        }
        try {
            Asn1ParseResult root = Asn1Parser.parse(ByteBuffer.wrap(der, offset, length));
            if (root == null) {
                throw invalid("empty " + what);
            }
            checkDer(root, offset, offset + length, what);
            if (root.getEncodingLength() != length) {
                throw invalid("the " + what + " does not fill its " + length + " bytes exactly ("
                        + (length - root.getEncodingLength()) + " bytes after it)");
            }
            return root;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e.getMessage(), e);
        }
    }

    /** The DER rules of the class comment, recursively; the item must start at {@code start}, end by {@code end}. */
    private static void checkDer(Asn1ParseResult item, int start, int end, String what) throws NegotiateException {
        if (!item.isDefinitiveLength() || item.isEOC()) {
            throw invalid("indefinite length or end-of-contents in the " + what + " (not DER) at offset " + start);
        }
        int bodyStart = item.getBodyStart();
        int bodyLength = item.getBodyLength();
        // Kerby computes the header length from the tag and the length value: a header of another size
        // (a length in more octets than needed) puts the item's computed offset off its real start
        if (bodyLength < 0 || bodyStart < start || item.getOffset() != start || bodyLength > end - bodyStart) {
            throw invalid("a length in the " + what + " at offset " + start
                    + " is not in its shortest form or overruns its container");
        }
        Tag tag = item.tag();
        boolean constructed = !tag.isPrimitive();
        if (constructed != item instanceof Asn1Container) {
            throw invalid("inconsistent parse of the " + what + " at offset " + start);
        }
        if (tag.isContextSpecific() || tag.isAppSpecific()) {
            if (!constructed || ((Asn1Container) item).getChildren().size() != 1) {
                throw invalid(tag + " in the " + what + " at offset " + start
                        + " must hold exactly one explicitly tagged value");
            }
        } else if (!tag.isUniversal()) {
            throw invalid("unexpected " + tag + " in the " + what + " at offset " + start);
        } else if (constructed != (tag.tagNo() == SEQUENCE || tag.tagNo() == SET)) {
            throw invalid("universal tag " + tag.tagNo() + " in the " + what + " at offset " + start + " is "
                    + (constructed ? "constructed" : "primitive") + " (DER: only SEQUENCE and SET are constructed)");
        }
        if (constructed) {
            int pos = bodyStart;
            int bodyEnd = bodyStart + bodyLength;
            for (Asn1ParseResult child : ((Asn1Container) item).getChildren()) {
                checkDer(child, pos, bodyEnd, what);
                pos = child.getBodyStart() + child.getBodyLength();
            }
            if (pos != bodyEnd) {
                throw invalid("the values inside the element at offset " + start + " of the " + what
                        + " do not fill it");
            }
        }
    }

    // ---------------------------------------------------------------- structure

    /** The value inside {@code [APPLICATION tagNo]}. */
    public static Asn1ParseResult application(Asn1ParseResult item, int tagNo, String what) throws NegotiateException {
        required(item, what);
        if (!item.isAppSpecific() || item.tagNo() != tagNo) {
            throw invalid("malformed " + what + ": " + item.tag() + " where [APPLICATION " + tagNo + "] is expected");
        }
        return ((Asn1Container) item).getChildren().get(0);
    }

    /** The elements of a SEQUENCE (or SEQUENCE OF), in order. */
    public static List<Asn1ParseResult> sequenceOf(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, SEQUENCE, "a SEQUENCE", what);
        return ((Asn1Container) item).getChildren();
    }

    /**
     * The values inside the explicit context tags [0] to [count - 1] of a SEQUENCE, indexed by tag number,
     * null where absent. As Kerby's sequence decoder requires: tags strictly increasing, none unknown, none
     * repeated, nothing but context tags ({@link #parse} made each hold exactly one value).
     */
    public static Asn1ParseResult[] fields(Asn1ParseResult sequence, int count, String what) throws NegotiateException {
        Asn1ParseResult[] values = new Asn1ParseResult[count];
        int last = -1;
        for (Asn1ParseResult field : sequenceOf(sequence, what)) {
            int tagNo = field.isContextSpecific() ? field.tagNo() : -1;
            if (tagNo <= last || tagNo >= count) {
                throw invalid("unexpected " + field.tag() + (tagNo >= 0 && tagNo <= last ? " (out of order)" : "")
                        + " in the " + what);
            }
            values[tagNo] = ((Asn1Container) field).getChildren().get(0);
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
    public static long integer(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, INTEGER, "an INTEGER", what);
        return twosComplement(item, what);
    }

    /** An ENUMERATED value (its content is an INTEGER's, RFC 4178's negState for one). */
    public static long enumerated(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, ENUMERATED, "an ENUMERATED", what);
        return twosComplement(item, what);
    }

    private static long twosComplement(Asn1ParseResult item, String what) throws NegotiateException {
        int length = item.getBodyLength();
        if (length == 0) {
            throw invalid(what + " is an INTEGER without content");
        }
        byte[] in = input(item);
        int p = item.getBodyStart();
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
    public static int int32(Asn1ParseResult item, String what) throws NegotiateException {
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
    public static long unsigned32(Asn1ParseResult item, String what) throws NegotiateException {
        long v = integer(item, what);
        if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
            throw invalid(what + " (" + v + ") is out of the UInt32 range");
        }
        return v & 0xFFFFFFFFL;
    }

    /** An INTEGER that must equal {@code expected} (pvno 5, msg-type 14 ...). */
    public static void integerEquals(Asn1ParseResult item, long expected, String what) throws NegotiateException {
        long v = integer(item, what);
        if (v != expected) {
            throw invalid(what + " is " + v + ", not " + expected);
        }
    }

    // ---------------------------------------------------------------- strings and times

    /** An OCTET STRING's content, copied once from the input. */
    public static byte[] octets(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, OCTET_STRING, "an OCTET STRING", what);
        int from = item.getBodyStart();
        return Arrays.copyOfRange(input(item), from, from + item.getBodyLength());
    }

    /** Checks that the item is an OCTET STRING without copying it (a field that is skipped). */
    public static void skipOctets(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, OCTET_STRING, "an OCTET STRING", what);
    }

    /**
     * A GeneralString (KerberosString, RFC 4120 section 5.2.1) as text: UTF-8, which is ASCII for ASCII (RFC 4120
     * asks for IA5 characters; Windows and MIT put UTF-8 in names).
     */
    public static String generalString(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, GENERAL_STRING, "a GeneralString", what);
        return new String(input(item), item.getBodyStart(), item.getBodyLength(), StandardCharsets.UTF_8);
    }

    /** A KerberosTime (RFC 4120 section 5.2.3), strictly {@code YYYYMMDDHHMMSSZ}; see {@link GeneralizedTime}. */
    public static Instant kerberosTime(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, GENERALIZED_TIME, "a GeneralizedTime", what);
        return GeneralizedTime.parse(input(item), item.getBodyStart(), item.getBodyLength(), what);
    }

    /**
     * KerberosFlags (RFC 4120 section 5.2.8): a BIT STRING of at least 32 bits, of which the first 32 are
     * returned, bit 0 (the first, most significant on the wire) as the int's most significant bit. Bits beyond
     * 32 are ignored, as the RFC allows for flags an implementation does not know.
     */
    public static int kerberosFlags(Asn1ParseResult item, String what) throws NegotiateException {
        expect(item, BIT_STRING, "a BIT STRING", what);
        int length = item.getBodyLength();
        byte[] in = input(item);
        int p = item.getBodyStart();
        if (length < 5 || in[p] < 0 || in[p] > 7 || (in[p + length - 1] & ((1 << in[p]) - 1)) != 0) {
            throw invalid(what + " is not a BIT STRING of at least 32 bits in DER");
        }
        return ((in[p + 1] & 0xFF) << 24) | ((in[p + 2] & 0xFF) << 16) | ((in[p + 3] & 0xFF) << 8) | (in[p + 4] & 0xFF);
    }

    // ---------------------------------------------------------------- helpers

    /** The input array the parse results index (the parser wrapped it in a heap buffer). */
    private static byte[] input(Asn1ParseResult item) {
        return item.getBuffer().array();
    }

    private static void expect(Asn1ParseResult item, int universalTag, String type, String what)
            throws NegotiateException {
        required(item, what);
        if (!item.isUniversal() || item.tagNo() != universalTag) {
            throw invalid(what + " is " + item.tag() + ", not " + type);
        }
        // parse() made every universal type other than SEQUENCE and SET primitive, and those two constructed
    }

    /** The exception for malformed input. */
    public static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
