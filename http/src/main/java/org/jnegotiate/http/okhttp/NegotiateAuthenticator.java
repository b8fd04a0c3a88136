package org.jnegotiate.http.okhttp;

import java.io.IOException;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.Handshake;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateExchange;

/**
 * HTTP Negotiate for OkHttp, which has none (square/okhttp#3808): an {@link Authenticator} that answers every 401 leg
 * of one call with the same {@link NegotiateExchange} (carried from leg to leg as the request's tag, so any number
 * of legs completes), and an application {@link Interceptor} that verifies the server's final token on the response
 * the call returns: OkHttp shows an authenticator the 401s only. Install it as both:
 * <pre>{@code
 * NegotiateAuthenticator negotiate = new NegotiateAuthenticator(NegotiateAuth.defaults());
 * OkHttpClient client = new OkHttpClient.Builder().authenticator(negotiate).addInterceptor(negotiate).build();
 * }</pre>
 * Without the interceptor the exchange still authenticates, but the final token is not checked and
 * {@link NegotiateAuth#requireMutualAuth()} cannot be enforced.
 *
 * <p>Same connection: OkHttp returns the connection to its pool after each 401 and takes the idle connection of the
 * same route for the next leg, so the legs share a connection unless another call to that host takes it in between
 * (see {@link org.jnegotiate.http.jdk.NegotiateHttpClient} for what that means for NTLM).
 */
public final class NegotiateAuthenticator implements Authenticator, Interceptor {
    private final NegotiateAuth auth;

    public NegotiateAuthenticator(NegotiateAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        if (response.code() != 401) {
            return null;
        }
        Request request = response.request();
        NegotiateExchange exchange = request.tag(NegotiateExchange.class);
        if (exchange == null) {
            exchange = auth.begin(request.url().uri());
        }
        Optional<String> authorization =
                exchange.onUnauthorized(response.headers("WWW-Authenticate"), leaf(response.handshake()));
        if (authorization.isEmpty()) {
            return null;
        }
        return request.newBuilder()
                .header("Authorization", authorization.get())
                .tag(NegotiateExchange.class, exchange)
                .build();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        NegotiateExchange exchange = response.request().tag(NegotiateExchange.class);
        if (exchange == null) {
            return response;
        }
        try {
            if (response.code() != 401) {
                exchange.onFinalResponse(response.code(), response.headers("WWW-Authenticate"));
            } else {
                exchange.onUnauthorized(response.headers("WWW-Authenticate"), leaf(response.handshake()));
            }
            return response;
        } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
        } finally {
            exchange.close();
        }
    }

    private static Certificate leaf(Handshake handshake) {
        if (handshake == null) {
            return null;
        }
        List<Certificate> chain = handshake.peerCertificates();
        return chain.isEmpty() ? null : chain.get(0);
    }
}
