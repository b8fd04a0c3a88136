package org.jnegotiate.ntlm.messages;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Bounds-checked little-endian reads over one NTLM message. Every offset and length is checked
 * against the message length before use, so a hostile message can only produce
 * {@link Failure#INVALID_TOKEN}.
 */
final class NtlmReader {
    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private final byte[] msg;
    private final String what;

    private NtlmReader(byte[] msg, String what) {
        this.msg = msg;
        this.what = what;
    }

    /** Checks the signature and the MessageType (MS-NLMP 2.2.1) and the minimum fixed-header length. */
    static NtlmReader open(byte[] msg, int type, int minLength, String what) throws NegotiateException {
        if (msg == null || msg.length < 12) {
            throw invalid(what + " is " + (msg == null ? 0 : msg.length)
                    + " bytes, shorter than the NTLMSSP signature and message type");
        }
        if (!Arrays.equals(msg, 0, 8, SIGNATURE, 0, 8)) {
            throw invalid(what + " does not start with the NTLMSSP signature \"NTLMSSP\\0\"");
        }
        NtlmReader r = new NtlmReader(msg, what);
        long actualType = r.u32(8) & 0xFFFFFFFFL;
        if (actualType != type) {
            throw invalid("expected " + what + " (MessageType " + type + ") but got MessageType " + actualType);
        }
        if (msg.length < minLength) {
            throw invalid(what + " is " + msg.length + " bytes, shorter than its " + minLength + "-byte fixed header");
        }
        return r;
    }

    static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }

    int length() {
        return msg.length;
    }

    int u16(int off) throws NegotiateException {
        check(off, 2, "16-bit field");
        return (msg[off] & 0xFF) | (msg[off + 1] & 0xFF) << 8;
    }

    int u32(int off) throws NegotiateException {
        check(off, 4, "32-bit field");
        return (msg[off] & 0xFF)
                | (msg[off + 1] & 0xFF) << 8
                | (msg[off + 2] & 0xFF) << 16
                | (msg[off + 3] & 0xFF) << 24;
    }

    byte[] bytes(int off, int len) throws NegotiateException {
        check(off, len, len + "-byte field");
        return Arrays.copyOfRange(msg, off, off + len);
    }

    /** The payload offset of a (Len, MaxLen, BufferOffset) field, or {@code Integer.MAX_VALUE} when empty. */
    int payloadOffset(int fieldsAt) throws NegotiateException {
        int len = u16(fieldsAt);
        return len == 0 ? Integer.MAX_VALUE : u32(fieldsAt + 4);
    }

    /** Reads the payload described by the 8-byte (Len, MaxLen, BufferOffset) structure at {@code fieldsAt}. */
    byte[] field(int fieldsAt, String name) throws NegotiateException {
        int len = u16(fieldsAt);
        if (len == 0) {
            return new byte[0];
        }
        long offset = u32(fieldsAt + 4) & 0xFFFFFFFFL;
        if (offset + len > msg.length) {
            throw invalid(what + " field " + name + " (offset " + offset + ", length " + len + ") lies outside the "
                    + msg.length + "-byte message");
        }
        return Arrays.copyOfRange(msg, (int) offset, (int) offset + len);
    }

    private void check(int off, int len, String kind) throws NegotiateException {
        if (off < 0 || len < 0 || (long) off + len > msg.length) {
            throw invalid(what + " is truncated: " + kind + " at offset " + off + " needs " + len
                    + " bytes, the message has " + msg.length);
        }
    }

    static String unicode(byte[] b, String name) throws NegotiateException {
        if (b.length % 2 != 0) {
            throw invalid(name + " is not valid UTF-16LE: odd length " + b.length);
        }
        return new String(b, StandardCharsets.UTF_16LE);
    }

    /** OEM strings: the code page is not on the wire; ISO-8859-1 decodes every byte without loss. */
    static String oem(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b, boolean unicode, String name) throws NegotiateException {
        return unicode ? unicode(b, name) : oem(b);
    }
}
