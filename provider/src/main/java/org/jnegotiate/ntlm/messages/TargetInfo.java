package org.jnegotiate.ntlm.messages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jnegotiate.mech.NegotiateException;

/**
 * An AV_PAIR list (MS-NLMP section 2.2.2.1): the CHALLENGE_MESSAGE TargetInfo and the AvPairs of an
 * NTLMv2_CLIENT_CHALLENGE. Immutable; {@link #with} returns a changed copy. The MsvAvEOL terminator is
 * not held: {@link #encode()} appends it.
 */
public final class TargetInfo {
    private static final TargetInfo EMPTY = new TargetInfo(List.of());

    private final List<AvPair> pairs;

    private TargetInfo(List<AvPair> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    public static TargetInfo empty() {
        return EMPTY;
    }

    public static TargetInfo of(List<AvPair> pairs) {
        for (AvPair p : pairs) {
            if (p.id() == AvPair.MSV_AV_EOL) {
                throw new IllegalArgumentException("MsvAvEOL is appended by encode(), not held");
            }
        }
        return new TargetInfo(pairs);
    }

    /**
     * Decodes pairs until MsvAvEOL; bytes after it are ignored (the NTLMv2 client challenge pads with
     * zeros). A list that ends without MsvAvEOL is accepted, as Windows does; a pair running past the
     * end is not.
     */
    public static TargetInfo decode(byte[] b) throws NegotiateException {
        List<AvPair> pairs = new ArrayList<>();
        int off = 0;
        while (off < b.length) {
            if (b.length - off < 4) {
                throw NtlmReader.invalid("AV_PAIR list is truncated: " + (b.length - off)
                        + " bytes left where a 4-byte AvId/AvLen header is needed");
            }
            int id = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
            int len = (b[off + 2] & 0xFF) | (b[off + 3] & 0xFF) << 8;
            off += 4;
            if (id == AvPair.MSV_AV_EOL) {
                break;
            }
            if (len > b.length - off) {
                throw NtlmReader.invalid(
                        "AV_PAIR " + id + " claims " + len + " bytes but only " + (b.length - off) + " remain");
            }
            byte[] value = new byte[len];
            System.arraycopy(b, off, value, 0, len);
            pairs.add(new AvPair(id, value));
            off += len;
        }
        return new TargetInfo(pairs);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AvPair p : pairs) {
            byte[] v = p.value();
            writeHeader(out, p.id(), v.length);
            out.writeBytes(v);
        }
        writeHeader(out, AvPair.MSV_AV_EOL, 0);
        return out.toByteArray();
    }

    private static void writeHeader(ByteArrayOutputStream out, int id, int len) {
        out.write(id);
        out.write(id >>> 8);
        out.write(len);
        out.write(len >>> 8);
    }

    public List<AvPair> pairs() {
        return pairs;
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** The value of the first pair with {@code id}. */
    public Optional<byte[]> get(int id) {
        for (AvPair p : pairs) {
            if (p.id() == id) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    /** A Unicode-string pair (the names, MsvAvTargetName). */
    public Optional<String> string(int id) throws NegotiateException {
        Optional<byte[]> v = get(id);
        return v.isPresent() ? Optional.of(NtlmReader.unicode(v.get(), "AV_PAIR " + id)) : Optional.empty();
    }

    /** MsvAvFlags, when present; it must be 4 bytes. */
    public OptionalInt flags() throws NegotiateException {
        Optional<byte[]> v = get(AvPair.MSV_AV_FLAGS);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        byte[] b = v.get();
        if (b.length != 4) {
            throw NtlmReader.invalid("MsvAvFlags must be 4 bytes, not " + b.length);
        }
        return OptionalInt.of((b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24);
    }

    /** MsvAvTimestamp (FILETIME), when present; it must be 8 bytes. */
    public OptionalLong timestamp() throws NegotiateException {
        Optional<byte[]> v = get(AvPair.MSV_AV_TIMESTAMP);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        byte[] b = v.get();
        if (b.length != 8) {
            throw NtlmReader.invalid("MsvAvTimestamp must be 8 bytes, not " + b.length);
        }
        return OptionalLong.of(FileTime.read(b, 0));
    }

    /** A copy in which the first pair with {@code id} is replaced (or {@code value} appended). */
    public TargetInfo with(int id, byte[] value) {
        List<AvPair> copy = new ArrayList<>(pairs);
        AvPair pair = new AvPair(id, value);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).id() == id) {
                copy.set(i, pair);
                return new TargetInfo(copy);
            }
        }
        copy.add(pair);
        return of(copy);
    }

    public TargetInfo withString(int id, String value) {
        return with(id, value.getBytes(StandardCharsets.UTF_16LE));
    }

    public TargetInfo withFlags(int flags) {
        return with(
                AvPair.MSV_AV_FLAGS,
                new byte[] {(byte) flags, (byte) (flags >>> 8), (byte) (flags >>> 16), (byte) (flags >>> 24)});
    }

    public TargetInfo withTimestamp(long fileTime) {
        byte[] b = new byte[8];
        FileTime.write(b, 0, fileTime);
        return with(AvPair.MSV_AV_TIMESTAMP, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetInfo t && t.pairs.equals(pairs);
    }

    @Override
    public int hashCode() {
        return pairs.hashCode();
    }

    @Override
    public String toString() {
        return "TargetInfo" + pairs;
    }
}
