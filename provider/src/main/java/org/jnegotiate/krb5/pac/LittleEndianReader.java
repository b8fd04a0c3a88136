package org.jnegotiate.krb5.pac;

import java.nio.charset.StandardCharsets;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * A cursor over a slice of a PAC: little-endian integers, UTF-16LE strings and NDR alignment, every read checked
 * against the slice's end before anything is copied or allocated. Alignment is counted from the slice's start
 * (an NDR stream and a PAC buffer both start 8-aligned). Failures are {@link Failure#INVALID_TOKEN}.
 */
final class LittleEndianReader {
    private final byte[] bytes;
    private final int start;
    private final int end;
    private final String what;
    private int position;

    LittleEndianReader(byte[] bytes, int offset, int length, String what) {
        this.bytes = bytes;
        this.start = offset;
        this.end = offset + length;
        this.what = what;
        this.position = offset;
    }

    /** Bytes left in the slice. */
    int remaining() {
        return end - position;
    }

    /** The position relative to the slice's start. */
    int position() {
        return position - start;
    }

    void require(long count, String field) throws NegotiateException {
        if (count < 0 || count > remaining()) {
            throw invalid(field + " needs " + count + " bytes, " + remaining() + " are left");
        }
    }

    int u8(String field) throws NegotiateException {
        require(1, field);
        return bytes[position++] & 0xFF;
    }

    int u16(String field) throws NegotiateException {
        require(2, field);
        int v = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
        position += 2;
        return v;
    }

    /** An unsigned 32-bit value. */
    long u32(String field) throws NegotiateException {
        require(4, field);
        long v = (bytes[position] & 0xFFL)
                | (bytes[position + 1] & 0xFFL) << 8
                | (bytes[position + 2] & 0xFFL) << 16
                | (bytes[position + 3] & 0xFFL) << 24;
        position += 4;
        return v;
    }

    /** A 64-bit value as two's complement (an unsigned value above 2^63 reads negative: callers refuse it). */
    long u64(String field) throws NegotiateException {
        long low = u32(field);
        long high = u32(field);
        return high << 32 | low;
    }

    byte[] bytes(int count, String field) throws NegotiateException {
        require(count, field);
        byte[] out = new byte[count];
        System.arraycopy(bytes, position, out, 0, count);
        position += count;
        return out;
    }

    void skip(long count, String field) throws NegotiateException {
        require(count, field);
        position += (int) count;
    }

    /** {@code chars} UTF-16LE code units. */
    String utf16(long chars, String field) throws NegotiateException {
        require(chars * 2, field);
        String s = new String(bytes, position, (int) chars * 2, StandardCharsets.UTF_16LE);
        position += (int) chars * 2;
        return s;
    }

    /** Skips padding up to a multiple of {@code alignment} from the slice's start. */
    void align(int alignment, String field) throws NegotiateException {
        int misalignment = (position - start) % alignment;
        if (misalignment != 0) {
            skip(alignment - misalignment, field + " padding");
        }
    }

    NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, what + ": " + message);
    }
}
