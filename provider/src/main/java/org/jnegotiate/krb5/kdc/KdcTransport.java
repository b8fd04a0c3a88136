package org.jnegotiate.krb5.kdc;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Sends one Kerberos message to one KDC and returns its reply: the only network I/O of the Kerberos
 * mechanism. Tests inject fakes (slow, broken, scripted KDCs).
 */
public interface KdcTransport {

    /**
     * Sends {@code request} (a DER KDC-REQ, unframed) to {@code kdc} and returns the reply (unframed).
     *
     * @param tcp     TCP with RFC 4120 7.2.2 four-byte length framing when true, a UDP datagram otherwise
     * @param timeout the longest wait for the connection and the reply
     * @throws SocketTimeoutException when no reply arrived in time
     * @throws IOException            for any other transport failure (refused, unreachable, oversized reply)
     */
    byte[] exchange(KdcAddress kdc, byte[] request, boolean tcp, Duration timeout) throws IOException;
}
