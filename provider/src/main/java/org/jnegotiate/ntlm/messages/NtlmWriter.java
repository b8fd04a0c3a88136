package org.jnegotiate.ntlm.messages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds one NTLM message: a fixed header followed by the payload its fields point into. */
final class NtlmWriter {
    private final byte[] header;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

    NtlmWriter(int type, int headerLength) {
        header = new byte[headerLength];
        System.arraycopy(NtlmReader.SIGNATURE, 0, header, 0, 8);
        u32(8, type);
    }

    void u16(int off, int v) {
        header[off] = (byte) v;
        header[off + 1] = (byte) (v >>> 8);
    }

    void u32(int off, int v) {
        u16(off, v);
        u16(off + 2, v >>> 16);
    }

    void bytes(int off, byte[] b) {
        System.arraycopy(b, 0, header, off, b.length);
    }

    /** Appends {@code value} to the payload and writes its (Len, MaxLen, BufferOffset) at {@code fieldsAt}. */
    void field(int fieldsAt, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("an NTLM field holds at most 65535 bytes, not " + value.length);
        }
        u16(fieldsAt, value.length);
        u16(fieldsAt + 2, value.length);
        u32(fieldsAt + 4, header.length + payload.size());
        payload.writeBytes(value);
    }

    byte[] toByteArray() {
        byte[] out = new byte[header.length + payload.size()];
        System.arraycopy(header, 0, out, 0, header.length);
        byte[] p = payload.toByteArray();
        System.arraycopy(p, 0, out, header.length, p.length);
        return out;
    }

    static byte[] unicode(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] oem(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] text(String s, boolean unicode) {
        return unicode ? unicode(s) : oem(s);
    }
}
