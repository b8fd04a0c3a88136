package org.jnegotiate.asn1;

import java.util.List;

/**
 * One DER element of an input that {@link DerReader} checked: where its identifier, contents and end lie in the
 * caller's array (nothing is copied), its tag, and, when constructed, its children in order. Immutable once the
 * reader returns it.
 */
public final class DerElement {
    /** The tag classes, from the two high bits of the identifier octet. */
    public enum TagClass { UNIVERSAL, APPLICATION, CONTEXT, PRIVATE }

    private static final TagClass[] CLASSES = TagClass.values();

    private final byte[] input;
    private final int offset;
    private final int bodyStart;
    private final int bodyLength;
    private final int identifier;
    /** The children of a constructed element (filled by the reader), null for a primitive one. */
    final List<DerElement> children;

    DerElement(byte[] input, int offset, int identifier, int bodyStart, int bodyLength, List<DerElement> children) {
        this.input = input;
        this.offset = offset;
        this.identifier = identifier;
        this.bodyStart = bodyStart;
        this.bodyLength = bodyLength;
        this.children = children;
    }

    /** The array the element lies in (the caller's input, not a copy). */
    public byte[] input() {
        return input;
    }

    /** Where the identifier octet is. */
    public int offset() {
        return offset;
    }

    /** Where the contents start. */
    public int bodyStart() {
        return bodyStart;
    }

    /** The length of the contents. */
    public int bodyLength() {
        return bodyLength;
    }

    /** Where the element ends (one past its last byte). */
    public int end() {
        return bodyStart + bodyLength;
    }

    /** Identifier, length and contents. */
    public int encodingLength() {
        return end() - offset;
    }

    public TagClass tagClass() {
        return CLASSES[identifier >>> 6];
    }

    /** The tag number (0 to 30: the reader refuses the high-tag-number form, which no Kerberos or SPNEGO type uses). */
    public int tagNo() {
        return identifier & 0x1F;
    }

    public boolean isConstructed() {
        return children != null;
    }

    public boolean isUniversal(int tagNo) {
        return tagClass() == TagClass.UNIVERSAL && tagNo() == tagNo;
    }

    public boolean isContextSpecific() {
        return tagClass() == TagClass.CONTEXT;
    }

    public boolean isApplication(int tagNo) {
        return tagClass() == TagClass.APPLICATION && tagNo() == tagNo;
    }

    /** The children of a constructed element in order (unmodifiable); empty for a primitive one. */
    public List<DerElement> children() {
        return children == null ? List.of() : java.util.Collections.unmodifiableList(children);
    }

    /** The one value inside an explicit tag (the reader made every context or application tag hold exactly one). */
    public DerElement explicitValue() {
        return children.get(0);
    }

    /** The tag as ASN.1 writes it: {@code [APPLICATION 14]}, {@code [1]}, {@code UNIVERSAL 16}. */
    public String tagName() {
        return switch (tagClass()) {
            case UNIVERSAL -> "UNIVERSAL " + tagNo();
            case APPLICATION -> "[APPLICATION " + tagNo() + "]";
            case CONTEXT -> "[" + tagNo() + "]";
            case PRIVATE -> "[PRIVATE " + tagNo() + "]";
        };
    }

    @Override
    public String toString() {
        return tagName() + " at " + offset + " (" + bodyLength + " bytes)";
    }
}
