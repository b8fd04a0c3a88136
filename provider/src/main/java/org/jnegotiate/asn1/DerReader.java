package org.jnegotiate.asn1;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The project's strict reader of DER from peers and KDCs. It splits one element of the caller's array into a tree
 * of {@link DerElement}s that index that array (nothing is copied), and accepts only DER as RFC 4120 and RFC 4178
 * use it:
 * <ul>
 *   <li>identifier octets in the low-tag-number form (tag numbers 0 to 30), no PRIVATE class, no end-of-contents;</li>
 *   <li>definite lengths in their shortest form, of at most four octets;</li>
 *   <li>every element inside what remains of its parent, children exactly filling their parent, the outer element
 *       exactly filling the input;</li>
 *   <li>universal SEQUENCE and SET constructed, every other universal type primitive; context and application
 *       tags constructed with exactly one value inside (explicit tagging).</li>
 * </ul>
 *
 * <p>Hostile input is bounded by construction: each header is checked against the bytes that remain before the
 * element is created, so allocation is at most one small object per two input bytes; at most {@link #MAX_ELEMENTS}
 * elements and {@link #MAX_DEPTH} levels are read; the descent is a loop over an explicit stack of at most
 * {@code MAX_DEPTH} entries, never recursion. Every failure is a {@link NegotiateException} with
 * {@link Failure#INVALID_TOKEN}.
 */
public final class DerReader {
    /** Deeper than any Kerberos or SPNEGO message (an AP-REQ's ticket cipher is at depth 9). */
    public static final int MAX_DEPTH = 32;
    /** Far more than any message holds (a TGS-REP from Active Directory has about 60). */
    public static final int MAX_ELEMENTS = 4096;

    private static final int SEQUENCE = 0x10;
    private static final int SET = 0x11;
    private static final int CONSTRUCTED = 0x20;
    private static final int HIGH_TAG_NUMBER = 0x1F;

    private final byte[] in;
    private final String what;
    private int pos;
    private int elements;

    private DerReader(byte[] in, int pos, String what) {
        this.in = in;
        this.pos = pos;
        this.what = what;
    }

    /**
     * Reads the element of exactly {@code length} bytes at {@code offset} of {@code der}.
     *
     * @param what the name of the structure, for error messages ("AP-REQ")
     * @throws IllegalArgumentException when the range lies outside the array (a caller's error, not the peer's)
     */
    public static DerElement read(byte[] der, int offset, int length, String what) throws NegotiateException {
        if (der == null || length <= 0) {
            throw malformed(what, "empty");
        }
        if (offset < 0 || offset > der.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + der.length + " bytes");
        }
        return new DerReader(der, offset, what).readAll(offset + length);
    }

    private DerElement readAll(int end) throws NegotiateException {
        DerElement root = next(end);
        if (root.end() != end) {
            throw invalid("it does not fill its " + (end - root.offset()) + " bytes exactly (" + (end - root.end())
                    + " bytes after it)");
        }
        // the open constructed elements, innermost last, and the last child linked into each: bounded by
        // MAX_DEPTH, not by the input
        DerElement[] open = new DerElement[MAX_DEPTH];
        DerElement[] lastChild = new DerElement[MAX_DEPTH];
        int depth = 0;
        if (root.isConstructed()) {
            open[depth++] = root;
        }
        while (depth > 0) {
            DerElement parent = open[depth - 1];
            if (pos == parent.end()) {
                checkExplicit(parent);
                lastChild[--depth] = null;
                continue;
            }
            DerElement child = next(parent.end());
            if (lastChild[depth - 1] == null) {
                parent.firstChild = child;
            } else {
                lastChild[depth - 1].nextSibling = child;
            }
            lastChild[depth - 1] = child;
            parent.childCount++;
            if (child.isConstructed()) {
                if (depth == MAX_DEPTH) {
                    throw invalid("nested deeper than " + MAX_DEPTH + " levels");
                }
                open[depth++] = child;
            }
        }
        return root;
    }

    /** Reads the header at {@code pos}, which must fit before {@code limit}, and moves past it (into the contents). */
    private DerElement next(int limit) throws NegotiateException {
        int start = pos;
        if (limit - start < 2) {
            throw invalid("truncated at offset " + start);
        }
        if (++elements > MAX_ELEMENTS) {
            throw invalid("more than " + MAX_ELEMENTS + " elements");
        }
        int identifier = in[start] & 0xFF;
        int lengthOctet = in[start + 1] & 0xFF;
        int bodyStart = start + 2;
        long length;
        if (lengthOctet < 0x80) {
            length = lengthOctet;
        } else {
            int octets = lengthOctet & 0x7F;
            if (octets == 0) {
                throw invalid("indefinite length (not DER) at offset " + start);
            }
            if (octets > 4 || octets > limit - bodyStart) {
                throw invalid("a length at offset " + start + " overruns its container");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (in[bodyStart + i] & 0xFF);
            }
            if (length < 0x80 || (in[bodyStart] == 0)) {
                throw invalid("a length at offset " + start + " is not in its shortest form");
            }
            bodyStart += octets;
        }
        if (length > limit - bodyStart) {
            throw invalid("a length at offset " + start + " overruns its container (" + length + " bytes where "
                    + (limit - bodyStart) + " remain)");
        }
        boolean constructed = (identifier & CONSTRUCTED) != 0;
        checkTag(identifier, constructed, start);
        pos = constructed ? bodyStart : bodyStart + (int) length;
        return new DerElement(in, start, identifier, bodyStart, (int) length);
    }

    private void checkTag(int identifier, boolean constructed, int start) throws NegotiateException {
        int tagNo = identifier & 0x1F;
        if (tagNo == HIGH_TAG_NUMBER) {
            throw invalid("a tag number above 30 at offset " + start);
        }
        switch (identifier >>> 6) {
            case 0 -> {
                if (tagNo == 0) {
                    throw invalid("end-of-contents (not DER) at offset " + start);
                }
                if (constructed != (tagNo == SEQUENCE || tagNo == SET)) {
                    throw invalid("universal tag " + tagNo + " at offset " + start + " is "
                            + (constructed ? "constructed" : "primitive")
                            + " (DER: only SEQUENCE and SET are constructed)");
                }
            }
            case 1, 2 -> {
                if (!constructed) {
                    throw invalid((identifier >>> 6 == 1 ? "[APPLICATION " + tagNo + "]" : "[" + tagNo + "]")
                            + " at offset " + start
                            + " must hold exactly one explicitly tagged value");
                }
            }
            default -> throw invalid("unexpected [PRIVATE " + tagNo + "] at offset " + start);
        }
    }

    /** A context or application tag holds exactly one value (explicit tagging). */
    private void checkExplicit(DerElement e) throws NegotiateException {
        if (e.tagClass() != DerElement.TagClass.UNIVERSAL && e.childCount != 1) {
            throw invalid(e.tagName() + " at offset " + e.offset() + " must hold exactly one explicitly tagged value");
        }
    }

    /** Every message names the structure first: "malformed AP-REQ: ...". */
    private NegotiateException invalid(String detail) {
        return malformed(what, detail);
    }

    private static NegotiateException malformed(String what, String detail) {
        return new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + detail);
    }
}
