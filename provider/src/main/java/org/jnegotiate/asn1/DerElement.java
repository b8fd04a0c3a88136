package org.jnegotiate.asn1;

import java.util.AbstractList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One DER element of an input that {@link DerReader} checked: where its identifier, contents and end lie in the
 * caller's array (nothing is copied), its tag, and, when constructed, its children in order. Immutable once the
 * reader returns it. The children are linked (first child, next sibling) rather than held in a list per element:
 * one object per element is all a tree costs.
 */
public final class DerElement {
    /** The tag classes, from the two high bits of the identifier octet. */
    public enum TagClass {
        UNIVERSAL,
        APPLICATION,
        CONTEXT,
        PRIVATE
    }

    private static final TagClass[] CLASSES = TagClass.values();

    private final byte[] input;
    private final int offset;
    private final int bodyStart;
    private final int bodyLength;
    /** The identifier octet: class, constructed bit, tag number. */
    private final int identifier;
    /** Set by the reader while it links the tree, never after. */
    DerElement firstChild;

    DerElement nextSibling;
    int childCount;

    DerElement(byte[] input, int offset, int identifier, int bodyStart, int bodyLength) {
        this.input = input;
        this.offset = offset;
        this.identifier = identifier;
        this.bodyStart = bodyStart;
        this.bodyLength = bodyLength;
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
        return (identifier & 0x20) != 0;
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

    /** The children of a constructed element in order (an unmodifiable view); empty for a primitive one. */
    public List<DerElement> children() {
        return new Children(this);
    }

    /** The number of children. */
    public int childCount() {
        return childCount;
    }

    /** The one value inside an explicit tag (the reader made every context or application tag hold exactly one). */
    public DerElement explicitValue() {
        if (firstChild == null) {
            throw new NoSuchElementException("no value inside " + this);
        }
        return firstChild;
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

    /** The linked children as a list: iteration walks the links, {@code get(i)} walks i of them. */
    private static final class Children extends AbstractList<DerElement> {
        private final DerElement parent;

        Children(DerElement parent) {
            this.parent = parent;
        }

        @Override
        public DerElement get(int index) {
            if (index < 0 || index >= parent.childCount) {
                throw new IndexOutOfBoundsException(index + " of " + parent.childCount);
            }
            DerElement e = parent.firstChild;
            for (int i = 0; i < index; i++) {
                e = e.nextSibling;
            }
            return e;
        }

        @Override
        public int size() {
            return parent.childCount;
        }

        @Override
        public java.util.Iterator<DerElement> iterator() {
            return new java.util.Iterator<>() {
                private DerElement next = parent.firstChild;

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public DerElement next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    DerElement e = next;
                    next = e.nextSibling;
                    return e;
                }
            };
        }
    }
}
