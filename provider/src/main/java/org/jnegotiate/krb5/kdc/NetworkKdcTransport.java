package org.jnegotiate.krb5.kdc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@link KdcTransport} over real sockets: UDP datagrams, and TCP with the four-byte big-endian length
 * prefix of RFC 4120 section 7.2.2. A TCP reply whose announced length exceeds {@code maxReplySize}
 * (or has the reserved high bit set) is rejected before anything is allocated. A KDC proxy address goes over HTTPS
 * ({@link KdcProxyTransport}, MS-KKDCP), under the same bound.
 */
public final class NetworkKdcTransport implements KdcTransport {
    /** The default bound on a reply: 1 MiB, far above any real ticket (PACs stay below 64 KiB). */
    public static final int DEFAULT_MAX_REPLY = 1 << 20;
    /** The largest UDP payload. */
    private static final int UDP_MAX = 65535;

    private final int maxReplySize;
    private final KdcProxyTransport proxies;

    public NetworkKdcTransport() {
        this(DEFAULT_MAX_REPLY);
    }

    public NetworkKdcTransport(int maxReplySize) {
        if (maxReplySize < 1024) {
            throw new IllegalArgumentException("maxReplySize too small: " + maxReplySize);
        }
        this.maxReplySize = maxReplySize;
        this.proxies = new KdcProxyTransport(maxReplySize);
    }

    @Override
    public byte[] exchange(KdcAddress kdc, byte[] request, boolean tcp, Duration timeout) throws IOException {
        if (kdc.proxy().isPresent()) {
            return proxies.exchange(kdc.proxy().get(), request, timeout);
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return tcp ? tcp(kdc, request, millis) : udp(kdc, request, millis);
    }

    private byte[] udp(KdcAddress kdc, byte[] request, int millis) throws IOException {
        InetAddress address = InetAddress.getByName(kdc.host());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(millis);
            socket.connect(address, kdc.port());
            socket.send(new DatagramPacket(request, request.length));
            byte[] buf = new byte[Math.min(UDP_MAX, maxReplySize)];
            long deadline = System.nanoTime() + millis * 1_000_000L;
            while (true) {
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                socket.receive(reply); // connected: only datagrams from the KDC are delivered
                if (reply.getLength() > 0) {
                    return Arrays.copyOf(buf, reply.getLength());
                }
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    throw new SocketTimeoutException("no reply from " + kdc + " (udp)");
                }
                socket.setSoTimeout(left);
            }
        } catch (java.net.PortUnreachableException e) {
            throw new java.net.ConnectException("port unreachable: " + kdc + " (udp)");
        }
    }

    private byte[] tcp(KdcAddress kdc, byte[] request, int millis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(kdc.host(), kdc.port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4 + request.length)
                    .putInt(request.length)
                    .put(request)
                    .array());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            if (length < 0 || length > maxReplySize) {
                throw new IOException("reply from " + kdc + " announces " + Integer.toUnsignedString(length)
                        + " bytes, more than the " + maxReplySize + "-byte limit");
            }
            byte[] reply = new byte[length];
            in.readFully(reply);
            return reply;
        }
    }
}
