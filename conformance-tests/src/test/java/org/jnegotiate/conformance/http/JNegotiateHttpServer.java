package org.jnegotiate.conformance.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.SspiException;
import org.jnegotiate.sspi.StepResult;

/**
 * An HTTP or HTTPS server (the JDK's {@link HttpServer}) on 127.0.0.1 whose acceptor is JNegotiate's
 * ({@link ServerContext}, package Negotiate), in the test's JVM: 401 {@code WWW-Authenticate: Negotiate [token]}
 * while the context continues, 200 with {@code X-Remote-User} and the final token when it is established, 401 with
 * the SEC_E_* name in {@code X-Acceptor-Status} when it fails. A context in progress lives per client connection
 * (address and port), as NTLM needs.
 *
 * <p>Two ways to misbehave, for the clients' checks: {@link Builder#withoutFinalToken()} drops the final token of the
 * 200 (a server that does not authenticate itself), and {@link Builder#channelBindings} makes the acceptor require
 * the given bindings (those of its own certificate, or of another one, as behind a TLS relay).
 */
final class JNegotiateHttpServer implements AutoCloseable {

    /** What the acceptor said to one request: the client's port, the SEC_E/SEC_I name (null: no token), the HTTP status. */
    record Request(int clientPort, String acceptorStatus, int httpStatus) {}

    private final Engine engine;
    private final boolean finalToken;
    private final ChannelBindings bindings;
    private final HttpServer server;
    private final Map<InetSocketAddress, ServerContext> contexts = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    private JNegotiateHttpServer(Builder b) {
        this.engine = b.engine;
        this.finalToken = b.finalToken;
        this.bindings = b.bindings;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (b.tls != null) {
                HttpsServer https = HttpsServer.create(address, 16);
                https.setHttpsConfigurator(new HttpsConfigurator(b.tls));
                server = https;
            } else {
                server = HttpServer.create(address, 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    static final class Builder {
        private final Engine engine;
        private boolean finalToken = true;
        private ChannelBindings bindings;
        private SSLContext tls;

        private Builder(Engine engine) {
            this.engine = engine;
        }

        Builder withoutFinalToken() {
            this.finalToken = false;
            return this;
        }

        Builder https(SSLContext value) {
            this.tls = value;
            return this;
        }

        Builder channelBindings(ChannelBindings value) {
            this.bindings = value;
            return this;
        }

        JNegotiateHttpServer start() {
            return new JNegotiateHttpServer(this);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    private synchronized void handle(HttpExchange http) throws IOException {
        InetSocketAddress peer = http.getRemoteAddress();
        String authorization = http.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Negotiate ", 0, 10)) {
            close(contexts.remove(peer));
            respond(http, new Request(peer.getPort(), null, 401), "Negotiate", null, "authentication required\n");
            return;
        }
        try {
            byte[] token =
                    Base64.getDecoder().decode(authorization.substring(10).trim());
            ServerContext context = contexts.get(peer);
            if (context == null) {
                context =
                        ServerContext.builder(engine).channelBindings(bindings).build();
                contexts.put(peer, context);
            }
            StepResult r = context.step(token);
            String status = SecStatus.name(r.secStatus());
            String challenge =
                    r.hasToken() ? "Negotiate " + Base64.getEncoder().encodeToString(r.token()) : "Negotiate";
            if (r.continueNeeded()) {
                respond(http, new Request(peer.getPort(), status, 401), challenge, status, "continue\n");
                return;
            }
            contexts.remove(peer);
            String user = context.clientName().map(Object::toString).orElse("?");
            http.getResponseHeaders().set("X-Remote-User", user);
            respond(
                    http,
                    new Request(peer.getPort(), status, 200),
                    finalToken && r.hasToken() ? challenge : null,
                    status,
                    "user=" + user + "\n");
            context.close();
        } catch (SspiException e) {
            close(contexts.remove(peer));
            String status = SecStatus.name(e.status());
            respond(http, new Request(peer.getPort(), status, 401), "Negotiate", status, e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            close(contexts.remove(peer));
            respond(http, new Request(peer.getPort(), "bad base64", 400), null, null, "bad base64\n");
        }
    }

    private void respond(HttpExchange http, Request request, String wwwAuthenticate, String acceptorStatus, String body)
            throws IOException {
        requests.add(request);
        if (wwwAuthenticate != null) {
            http.getResponseHeaders().set("WWW-Authenticate", wwwAuthenticate);
        }
        if (acceptorStatus != null) {
            http.getResponseHeaders().set("X-Acceptor-Status", acceptorStatus);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // a Content-Length keeps the connection open for NTLM's second round trip
        http.sendResponseHeaders(request.httpStatus(), bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void close(ServerContext context) {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        contexts.values().forEach(ServerContext::close);
        contexts.clear();
    }
}
