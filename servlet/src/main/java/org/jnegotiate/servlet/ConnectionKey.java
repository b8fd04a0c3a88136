package org.jnegotiate.servlet;

import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What keys an exchange in progress to its client's TCP connection, portably.
 *
 * <p>NTLM is connection-oriented (MS-NTHT): the CHALLENGE belongs to the connection that asked for it, and clients
 * send the AUTHENTICATE on the same connection. Servlet 6.0's {@code getServletConnection().getConnectionId()} names
 * that connection in every Jakarta EE 10+ container (Tomcat 10.1+, Jetty 12, Undertow 2.3+); the key adds the
 * remote address and port and the local port, which the container reads from the socket, so that a connection id
 * reused after a close, or a container that gives none, still cannot join two clients' exchanges. The HTTP session is
 * not used: Negotiate clients (curl, the JDK, browsers mid-handshake) do not reliably return a cookie set on a 401,
 * and a session outlives and crosses connections. A reverse proxy that pools connections to the server mixes clients
 * on one connection and breaks NTLM whatever the server does; Kerberos (one leg) needs no key at all.
 */
public final class ConnectionKey {
    private ConnectionKey() {}

    public static String of(HttpServletRequest request) {
        String id = null;
        try {
            ServletConnection connection = request.getServletConnection();
            id = connection == null ? null : connection.getConnectionId();
        } catch (RuntimeException | AbstractMethodError e) {
            // a container or wrapper older than Servlet 6.0: the socket's addresses alone
        }
        return (id == null || id.isEmpty() ? "-" : id)
                + '|'
                + request.getRemoteAddr()
                + '|'
                + request.getRemotePort()
                + '|'
                + request.getLocalPort();
    }
}
