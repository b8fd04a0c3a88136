package org.jnegotiate.conformance.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.jnegotiate.conformance.fixtures.SunJgss;

/**
 * A small HTTP Negotiate server written the way any Java server does it, run in a child JVM whose
 * flags decide the GSS provider: the JDK's {@link HttpServer} on 127.0.0.1 and a free port, and the
 * plain {@code org.ietf.jgss} acceptor loop (401 with {@code WWW-Authenticate: Negotiate [token]}
 * until the SPNEGO context is established, then 200 with the final token). Credentials: a JAAS
 * Subject holding the service's {@link KeyTab}, as JAAS {@code Krb5LoginModule} would make it; NTLM
 * users come from the provider's configuration.
 *
 * <p>NTLM needs two round trips on one connection, so a context in progress is kept per client
 * address (one TCP connection). The 200 answer carries {@code X-Remote-User} and a body
 * {@code user=...}; a GSS failure answers 401 with body {@code gss-major=N} and the message.
 *
 * <p>Arguments: {@code principal keytab}. Prints {@code first-provider=NAME} and {@code port=N}, then
 * serves until stdin is closed.
 */
public final class NegotiateHttpServer {

    private static final Oid SPNEGO = SunJgss.SPNEGO;
    private static final String NEGOTIATE = "Negotiate";

    private final GSSManager manager = GSSManager.getInstance();
    private final GSSCredential credential;
    private final Map<String, GSSContext> contexts = new HashMap<>();

    private NegotiateHttpServer(GSSCredential credential) {
        this.credential = credential;
    }

    public static void main(String[] args) throws Exception {
        Subject service = new Subject();
        KerberosPrincipal principal = new KerberosPrincipal(args[0]);
        service.getPrincipals().add(principal);
        service.getPrivateCredentials().add(KeyTab.getInstance(principal, new java.io.File(args[1])));
        GSSCredential credential = SunJgss.as(
                service,
                () -> GSSManager.getInstance()
                        .createCredential(null, GSSCredential.INDEFINITE_LIFETIME, SPNEGO, GSSCredential.ACCEPT_ONLY));

        NegotiateHttpServer handler = new NegotiateHttpServer(credential);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", handler::handle);
        server.start();
        System.out.println("first-provider=" + Security.getProviders()[0].getName());
        System.out.println("port=" + server.getAddress().getPort());
        System.out.flush();
        // serve until the test closes our stdin
        while (System.in.read() >= 0) {
            continue;
        }
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String connection = exchange.getRemoteAddress().toString();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith(NEGOTIATE + " ")) {
            dispose(contexts.remove(connection));
            respond(exchange, 401, NEGOTIATE, "authentication required\n");
            return;
        }
        GSSContext context = contexts.get(connection);
        try {
            if (context == null) {
                context = manager.createContext(credential);
                contexts.put(connection, context);
            }
            byte[] in = Base64.getDecoder()
                    .decode(authorization.substring(NEGOTIATE.length() + 1).trim());
            byte[] out = context.acceptSecContext(in, 0, in.length);
            String challenge = out == null || out.length == 0
                    ? NEGOTIATE
                    : NEGOTIATE + " " + Base64.getEncoder().encodeToString(out);
            if (!context.isEstablished()) {
                respond(exchange, 401, challenge, "continue\n");
                return;
            }
            contexts.remove(connection);
            String user = context.getSrcName().toString();
            exchange.getResponseHeaders().set("X-Remote-User", user);
            respond(
                    exchange,
                    200,
                    out == null || out.length == 0 ? null : challenge,
                    "user=" + user + "\nmech=" + context.getMech() + "\n");
            dispose(context);
        } catch (GSSException | IllegalArgumentException e) {
            dispose(contexts.remove(connection));
            int major = e instanceof GSSException g ? g.getMajor() : GSSException.DEFECTIVE_TOKEN;
            System.err.println("NegotiateHttpServer: " + connection + ": " + e);
            respond(exchange, 401, NEGOTIATE, "gss-major=" + major + "\nerror=" + e.getMessage() + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int status, String wwwAuthenticate, String body)
            throws IOException {
        if (wwwAuthenticate != null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", wwwAuthenticate);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // a Content-Length keeps the connection open for NTLM's second round trip
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    private static void dispose(GSSContext context) {
        if (context != null) {
            try {
                context.dispose();
            } catch (GSSException ignored) {
                // nothing to release that matters to a test server
            }
        }
    }
}
