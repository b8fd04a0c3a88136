package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The client's side of HTTP Negotiate (RFC 4559) written out, with the JDK's java.net.http.HttpClient, which does
 * no authentication of its own: a GET without credentials (401, {@code WWW-Authenticate: Negotiate}), then
 * {@code Authorization: Negotiate <base64>} with each token of a {@link TokenSource} while the server answers 401
 * with a token. One HttpClient over HTTP/1.1 keeps its connection, which NTLM needs.
 */
public final class NegotiateHeaderLoop {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The client's security context: the server's token (null the first time) in, the next token out. */
    public interface TokenSource {
        byte[] next(byte[] serverToken) throws Exception;
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Runs the exchange; returns the first response that is not a 401 with a Negotiate token. */
    public HttpResponse<String> authenticate(URI uri, TokenSource source) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), "without credentials");
        assertEquals(Optional.of("Negotiate"), response.headers().firstValue("WWW-Authenticate"));
        byte[] serverToken = null;
        for (int i = 0; i < 5; i++) {
            byte[] token = source.next(serverToken);
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(TIMEOUT)
                            .header(
                                    "Authorization",
                                    "Negotiate " + Base64.getEncoder().encodeToString(token))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Optional<byte[]> next = negotiateToken(response);
            if (response.statusCode() != 401 || next.isEmpty()) {
                return response;
            }
            serverToken = next.get();
        }
        fail("no end of the Negotiate exchange with " + uri);
        return null;
    }

    /** The token of a {@code WWW-Authenticate: Negotiate <base64>} header, if there is one. */
    static Optional<byte[]> negotiateToken(HttpResponse<?> response) {
        return response.headers().allValues("WWW-Authenticate").stream()
                .filter(h -> h.regionMatches(true, 0, "Negotiate ", 0, 10))
                .map(h -> Base64.getDecoder().decode(h.substring(10).trim()))
                .findFirst();
    }
}
