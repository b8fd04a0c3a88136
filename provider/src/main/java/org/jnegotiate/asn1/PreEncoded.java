package org.jnegotiate.asn1;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.type.Asn1Encodeable;

/**
 * A Kerby value whose encoding is given DER bytes (tag, length and contents, encoded earlier by Kerby and
 * kept): set as a field of a Kerby type, it is written as it is, inside the field's explicit context tag. For
 * values sent many times unchanged (a cached service ticket, an initiator's mechanism list), which Kerby would
 * otherwise rebuild and re-encode every time. One instance per encoding (Kerby writes into the values it
 * encodes), over shared bytes that nobody changes. Encoding only; only as an explicitly tagged field.
 */
public final class PreEncoded extends Asn1Encodeable {
    private final byte[] der;

    /**
     * @param tag the tag the bytes start with (for Kerby's bookkeeping; the bytes are written unchanged)
     * @param der a complete DER encoding; kept, not copied
     */
    public PreEncoded(Tag tag, byte[] der) {
        super(tag);
        this.der = Objects.requireNonNull(der, "der");
    }

    @Override
    public boolean isPrimitive() {
        return tag().isPrimitive();
    }

    @Override
    public int encodingLength() {
        return der.length;
    }

    @Override
    public void encode(ByteBuffer buffer) {
        buffer.put(der);
    }

    @Override
    protected int encodingBodyLength() {
        throw new UnsupportedOperationException("pre-encoded bytes are only written as an explicitly tagged field");
    }

    @Override
    protected void decodeBody(Asn1ParseResult parseResult) {
        throw new UnsupportedOperationException("pre-encoded bytes are never decoded");
    }
}
