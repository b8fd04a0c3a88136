package org.jnegotiate.krb5.kdc;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;

/**
 * A {@link KdcTransport} in front of the real network that a test turns into a broken KDC at will: until a fault
 * is set every exchange goes to the KDC asked for; then the fault answers instead. The faults are the ones of the
 * world: a KDC that is down, one that never answers (a black hole: UDP and TCP ports open, nothing comes back), one
 * that answers garbage, one that says RESPONSE_TOO_BIG over UDP, one that only speaks TCP.
 */
public final class FaultyKdc implements KdcTransport, AutoCloseable {
    private final KdcTransport network = new NetworkKdcTransport();
    private volatile KdcTransport fault;
    private DatagramSocket blackHoleUdp;
    private ServerSocket blackHoleTcp;

    @Override
    public byte[] exchange(KdcAddress kdc, byte[] request, boolean tcp, Duration timeout) throws IOException {
        KdcTransport f = fault;
        return f == null ? network.exchange(kdc, request, tcp, timeout) : f.exchange(kdc, request, tcp, timeout);
    }

    /** From now on, KDCs answer as {@code f} says. */
    public void fail(KdcTransport f) {
        fault = f;
    }

    /** Nothing listens on the KDC's ports: refused (TCP) and port unreachable (UDP). */
    public KdcTransport down() throws IOException {
        KdcAddress nobody = new KdcAddress("127.0.0.1", KerbyKdc.freePort());
        return (kdc, request, tcp, timeout) -> network.exchange(nobody, request, tcp, timeout);
    }

    /** Ports open on UDP and TCP, and never an answer: every try waits for its whole timeout. */
    public KdcTransport blackHole() throws IOException {
        int port = KerbyKdc.freePort();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        blackHoleUdp = new DatagramSocket(port, loopback);
        blackHoleTcp = new ServerSocket(port, 50, loopback); // connections complete in the backlog, unread
        KdcAddress hole = new KdcAddress("127.0.0.1", port);
        return (kdc, request, tcp, timeout) -> network.exchange(hole, request, tcp, timeout);
    }

    /** Something that is not Kerberos (an HTTP server on the KDC's port), on both transports. */
    public static KdcTransport notKerberos() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return (kdc, request, tcp, timeout) -> http.clone();
    }

    /** A TGS-REP's tag over bytes that are not one: a damaged or forged reply. */
    public static KdcTransport brokenKerberos() {
        byte[] broken = {0x6D, 0x05, 0x30, 0x03, (byte) 0xA0, 0x01, 0x05};
        return (kdc, request, tcp, timeout) -> broken.clone();
    }

    /** KRB_ERR_RESPONSE_TOO_BIG over UDP; TCP as {@code overTcp} does. */
    public static KdcTransport tooBigOverUdp(KdcTransport overTcp) throws Exception {
        byte[] tooBig = error(KrbErrorCode.fromValue(52));
        return (kdc, request, tcp, timeout) -> tcp ? overTcp.exchange(kdc, request, true, timeout) : tooBig.clone();
    }

    /** The real KDC over TCP; its UDP port is closed. */
    public KdcTransport tcpOnly() throws IOException {
        KdcTransport noUdp = down();
        return (kdc, request, tcp, timeout) ->
                tcp ? network.exchange(kdc, request, true, timeout) : noUdp.exchange(kdc, request, false, timeout);
    }

    /** The real KDC, as before any fault. */
    public KdcTransport network() {
        return network;
    }

    private static byte[] error(KrbErrorCode code) throws Exception {
        KrbError e = new KrbError();
        e.setStime(KerberosTime.now());
        e.setSusec(0);
        e.setErrorCode(code);
        e.setRealm(KerbyKdc.REALM);
        e.setSname(new PrincipalName("krbtgt/" + KerbyKdc.REALM));
        return KdcMessages.encode(e);
    }

    @Override
    public void close() throws IOException {
        if (blackHoleUdp != null) {
            blackHoleUdp.close();
        }
        if (blackHoleTcp != null) {
            blackHoleTcp.close();
        }
    }
}
