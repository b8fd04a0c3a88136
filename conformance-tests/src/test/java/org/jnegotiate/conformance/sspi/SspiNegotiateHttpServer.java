package org.jnegotiate.conformance.sspi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnegotiate.sspi.SecPkgContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.Sspi;

/**
 * An HTTP server on 127.0.0.1 (the JDK's com.sun.net.httpserver) that authenticates with the SSPI door's
 * AcceptSecurityContext, package Negotiate, as IIS does: {@code Authorization: Negotiate <base64>} in,
 * {@code WWW-Authenticate: Negotiate <base64>} out on a 401 while the exchange continues and on the 200 when the
 * last token is not empty. An exchange lives as long as its TCP connection (NTLM is connection-bound), keyed by
 * the client's address and port. The 200's body is the client's name (SECPKG_ATTR_NAMES).
 */
final class SspiNegotiateHttpServer implements AutoCloseable {

    /** What the server saw in one request: the client's port, the status of AcceptSecurityContext (or none). */
    record Request(int clientPort, String authorization, String status, int httpStatus) {}

    private final Sspi sspi;
    private final int ascReq;
    private final HttpServer server;
    private final Map<InetSocketAddress, SspiEndpoint> exchanges = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    SspiNegotiateHttpServer(Sspi sspi, int ascReq) {
        this.sspi = sspi;
        this.ascReq = ascReq;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized void handle(HttpExchange http) throws IOException {
        try (http) {
            String authorization = http.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.regionMatches(true, 0, "Negotiate ", 0, 10)) {
                requests.add(new Request(http.getRemoteAddress().getPort(), authorization, null, 401));
                http.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                http.sendResponseHeaders(401, -1);
                return;
            }
            byte[] token;
            try {
                token = Base64.getDecoder().decode(authorization.substring(10).trim());
            } catch (IllegalArgumentException e) {
                respond(http, authorization, "bad base64", 400, null, null);
                return;
            }
            SspiEndpoint exchange = exchanges.computeIfAbsent(
                    http.getRemoteAddress(), a -> SspiEndpoint.server(sspi, "Negotiate", ascReq));
            SspiEndpoint.Leg leg = exchange.step(token);
            String status = SecStatus.name(leg.status());
            if (leg.continueNeeded()) {
                respond(http, authorization, status, 401, leg.token(), null);
            } else if (leg.ok()) {
                SecPkgContext.Names names = new SecPkgContext.Names();
                int q = sspi.queryContextAttributes(exchange.context, Sspi.SECPKG_ATTR_NAMES, names);
                exchanges.remove(http.getRemoteAddress()).close();
                respond(
                        http,
                        authorization,
                        status,
                        q == SecStatus.SEC_E_OK ? 200 : 500,
                        leg.token(),
                        q == SecStatus.SEC_E_OK ? names.sUserName : SecStatus.name(q));
            } else {
                exchanges.remove(http.getRemoteAddress()).close();
                respond(http, authorization, status, 401, leg.token(), null);
            }
        }
    }

    private void respond(HttpExchange http, String authorization, String status, int code, byte[] token, String body)
            throws IOException {
        requests.add(new Request(http.getRemoteAddress().getPort(), authorization, status, code));
        if (token != null && token.length > 0) {
            http.getResponseHeaders()
                    .add("WWW-Authenticate", "Negotiate " + Base64.getEncoder().encodeToString(token));
        } else if (code == 401) {
            http.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            http.getResponseBody().write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        exchanges.values().forEach(SspiEndpoint::close);
        exchanges.clear();
    }
}
