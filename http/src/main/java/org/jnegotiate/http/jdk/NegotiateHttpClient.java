package org.jnegotiate.http.jdk;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateExchange;
import org.jnegotiate.mech.TlsServerEndPoint;

/**
 * HTTP Negotiate for the JDK's {@link HttpClient}, which has none: {@link #send} sends the request, and while the
 * server answers 401 with a Negotiate challenge sends it again with each leg's {@code Authorization: Negotiate}
 * token (any number of legs), then verifies the final token of the response it returns.
 * <pre>{@code
 * NegotiateHttpClient client = NegotiateHttpClient.of(HttpClient.newBuilder()
 *         .version(HttpClient.Version.HTTP_1_1).build(), NegotiateAuth.defaults());
 * HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p><b>Same connection.</b> {@code HttpClient} has no API to pin a connection. Over HTTP/1.1 it keeps one idle
 * connection per origin in its pool and takes it for the next request, so the legs of one {@code send} travel on
 * one connection as long as no other request to the same origin runs at the same time on the same
 * {@code HttpClient} and the server keeps the connection open; over HTTP/2 every request shares the one connection
 * anyway. A server that keeps NTLM state per connection (IIS, mod_auth_gssapi with {@code GssapiConnectionBound On})
 * then sees a fresh connection as a new client and answers a bare {@code Negotiate}: the exchange ends
 * {@link NegotiateExchange.Result#REFUSED} and the 401 is returned. Give NTLM traffic a client of its own (or
 * serialise requests to that origin); Kerberos needs one leg and is not affected.
 *
 * <p>Request bodies are sent once per leg: use a {@link HttpRequest.BodyPublisher} that can be subscribed to more
 * than once (every {@code BodyPublishers} one except {@code ofInputStream} with a one-shot stream). A 401 that
 * continues the exchange is read and dropped; the response returned carries the caller's body.
 */
public final class NegotiateHttpClient {
    /** Sees every request sent and every response received, legs included (for diagnostics). */
    public interface Observer {
        void exchanged(HttpRequest sent, HttpResponse<?> received);
    }

    private final HttpClient client;
    private final NegotiateAuth auth;
    private final Observer observer;

    private NegotiateHttpClient(HttpClient client, NegotiateAuth auth, Observer observer) {
        this.client = Objects.requireNonNull(client, "client");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public static NegotiateHttpClient of(HttpClient client, NegotiateAuth auth) {
        return new NegotiateHttpClient(client, auth, (sent, received) -> {});
    }

    /** This client, with {@code value} told of every leg. */
    public NegotiateHttpClient withObserver(Observer value) {
        return new NegotiateHttpClient(client, auth, value);
    }

    /** The client underneath. */
    public HttpClient client() {
        return client;
    }

    /**
     * Sends {@code request}, authenticating with Negotiate when the server asks for it.
     *
     * @throws org.jnegotiate.http.NegotiateHttpException when the client's security context fails, or the server was
     *         not authenticated while mutual authentication is required
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return send(request, handler, auth.begin(request.uri()));
    }

    /**
     * As {@link #send(HttpRequest, HttpResponse.BodyHandler)}, driving an exchange of the caller's (to read its legs
     * afterwards, as {@code jnegotiate probe} does); the exchange is closed when this returns.
     */
    public <T> HttpResponse<T> send(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, NegotiateExchange exchange)
            throws IOException, InterruptedException {
        try (exchange) {
            HttpRequest next = request;
            while (true) {
                HttpResponse<T> response = client.send(next, legHandler(handler, exchange));
                observer.exchanged(next, response);
                Optional<HttpRequest> again = nextLeg(request, response, exchange);
                if (again.isEmpty()) {
                    return response;
                }
                next = again.get();
            }
        }
    }

    /**
     * As {@link #send(HttpRequest, HttpResponse.BodyHandler)}, without blocking: each leg is
     * {@link HttpClient#sendAsync}, the next one composed on its answer. The future fails with the
     * {@link org.jnegotiate.http.NegotiateHttpException} (in a {@link java.util.concurrent.CompletionException}) where
     * {@code send} throws it. Same connection as {@code send}: each leg goes out when the last one was answered.
     */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, auth.begin(request.uri()));
    }

    /** As {@link #sendAsync(HttpRequest, HttpResponse.BodyHandler)}, driving an exchange of the caller's. */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, NegotiateExchange exchange) {
        return legAsync(request, request, handler, exchange).whenComplete((response, failure) -> exchange.close());
    }

    private <T> CompletableFuture<HttpResponse<T>> legAsync(
            HttpRequest original, HttpRequest next, HttpResponse.BodyHandler<T> handler, NegotiateExchange exchange) {
        return client.sendAsync(next, legHandler(handler, exchange)).thenCompose(response -> {
            observer.exchanged(next, response);
            try {
                Optional<HttpRequest> again = nextLeg(original, response, exchange);
                return again.isEmpty()
                        ? CompletableFuture.completedFuture(response)
                        : legAsync(original, again.get(), handler, exchange);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** Drops the body of a 401 that continues the exchange; the caller's handler reads every other response. */
    private static <T> HttpResponse.BodyHandler<T> legHandler(
            HttpResponse.BodyHandler<T> handler, NegotiateExchange exchange) {
        return info -> exchange.continuesOn(info.statusCode(), challenges(info.headers()))
                ? HttpResponse.BodySubscribers.replacing(null)
                : handler.apply(info);
    }

    /** The request of the next leg, or empty when {@code response} ends the exchange (its final token checked). */
    private static Optional<HttpRequest> nextLeg(
            HttpRequest original, HttpResponse<?> response, NegotiateExchange exchange) throws IOException {
        List<String> challenges = challenges(response.headers());
        if (response.statusCode() != 401) {
            exchange.onFinalResponse(response.statusCode(), challenges);
            return Optional.empty();
        }
        boolean continues = exchange.continuesOn(401, challenges);
        Optional<String> authorization = exchange.onUnauthorized(
                challenges,
                continues ? TlsServerEndPoint.leafOf(response.sslSession().orElse(null)) : null);
        if (!continues || authorization.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(HttpRequest.newBuilder(original, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", authorization.get())
                .build());
    }

    private static List<String> challenges(HttpHeaders headers) {
        return headers.allValues("WWW-Authenticate");
    }
}
