package org.jnegotiate.sspi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The bytes of a SECBUFFER_CHANNEL_BINDINGS buffer: the {@code SEC_CHANNEL_BINDINGS} structure of sspi.h,
 * eight little-endian 32-bit fields (dwInitiatorAddrType, cbInitiatorLength, dwInitiatorOffset,
 * dwAcceptorAddrType, cbAcceptorLength, dwAcceptorOffset, cbApplicationDataLength, dwApplicationDataOffset)
 * followed by the data; offsets count from the start of the structure.
 */
public final class SecChannelBindings {
    /** The size of the fixed part. */
    public static final int HEADER_SIZE = 32;

    private SecChannelBindings() {}

    /** Parses the structure; every length and offset is checked against the buffer before use. */
    public static ChannelBindings parse(byte[] buffer) throws NegotiateException {
        if (buffer == null || buffer.length < HEADER_SIZE) {
            throw invalid("a SEC_CHANNEL_BINDINGS buffer has at least " + HEADER_SIZE + " bytes, not "
                    + (buffer == null ? 0 : buffer.length));
        }
        ByteBuffer b = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int initiatorType = b.getInt();
        byte[] initiator = slice(buffer, b.getInt(), b.getInt(), "initiator address");
        int acceptorType = b.getInt();
        byte[] acceptor = slice(buffer, b.getInt(), b.getInt(), "acceptor address");
        byte[] application = slice(buffer, b.getInt(), b.getInt(), "application data");
        return new ChannelBindings(initiatorType, initiator, acceptorType, acceptor, application);
    }

    /** Lays out a SEC_CHANNEL_BINDINGS structure as Windows applications build it. */
    public static byte[] encode(
            int initiatorType, byte[] initiator, int acceptorType, byte[] acceptor, byte[] applicationData) {
        byte[] i = initiator == null ? new byte[0] : initiator;
        byte[] a = acceptor == null ? new byte[0] : acceptor;
        byte[] d = applicationData == null ? new byte[0] : applicationData;
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + i.length + a.length + d.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        int offset = HEADER_SIZE;
        b.putInt(initiatorType).putInt(i.length).putInt(i.length == 0 ? 0 : offset);
        offset += i.length;
        b.putInt(acceptorType).putInt(a.length).putInt(a.length == 0 ? 0 : offset);
        offset += a.length;
        b.putInt(d.length).putInt(d.length == 0 ? 0 : offset);
        b.put(i).put(a).put(d);
        return b.array();
    }

    /** Only application data (TLS channel bindings such as {@code tls-server-end-point:<hash>}). */
    public static byte[] encodeApplicationData(byte[] applicationData) {
        return encode(0, null, 0, null, applicationData);
    }

    private static byte[] slice(byte[] buffer, int length, int offset, String what) throws NegotiateException {
        long len = Integer.toUnsignedLong(length);
        long off = Integer.toUnsignedLong(offset);
        if (len == 0) {
            return new byte[0];
        }
        if (off > buffer.length || len > buffer.length - off) {
            throw invalid("the " + what + " (offset " + off + ", length " + len + ") lies outside the " + buffer.length
                    + "-byte channel bindings buffer");
        }
        return Arrays.copyOfRange(buffer, (int) off, (int) (off + len));
    }

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_PARAMETER, message);
    }
}
