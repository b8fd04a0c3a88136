package org.jnegotiate.conformance.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateExchange;
import org.jnegotiate.http.NegotiateHttpException;
import org.jnegotiate.http.apache.NegotiateAuthenticationStrategy;
import org.jnegotiate.http.apache.NegotiateScheme;
import org.jnegotiate.http.jdk.NegotiateHttpClient;
import org.jnegotiate.http.okhttp.NegotiateAuthenticator;

/**
 * The HTTP clients under test, each set up as the README shows with JNegotiate's adapter, making one GET: the JDK's
 * {@code java.net.http.HttpClient} ({@code send} and {@code sendAsync}), Apache HttpClient 5 classic and async,
 * OkHttp. Each returns the status, the user the server saw ({@code X-Remote-User}), the acceptor status
 * ({@code X-Acceptor-Status}) and the exchange.
 */
enum HttpClientDriver {
    JDK {
        @Override
        Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
            NegotiateHttpClient client = jdk(auth, tls);
            NegotiateExchange exchange = auth.begin(uri);
            java.net.http.HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(),
                    exchange);
            return new Outcome(
                    r.statusCode(),
                    r.headers().firstValue("X-Remote-User"),
                    r.headers().firstValue("X-Acceptor-Status"),
                    exchange);
        }
    },
    JDK_ASYNC {
        @Override
        Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
            NegotiateHttpClient client = jdk(auth, tls);
            NegotiateExchange exchange = auth.begin(uri);
            java.net.http.HttpResponse<String> r = client.sendAsync(
                            HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString(),
                            exchange)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Outcome(
                    r.statusCode(),
                    r.headers().firstValue("X-Remote-User"),
                    r.headers().firstValue("X-Acceptor-Status"),
                    exchange);
        }
    },
    APACHE_CLASSIC {
        @Override
        Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
            PoolingHttpClientConnectionManagerBuilder cm = PoolingHttpClientConnectionManagerBuilder.create();
            if (tls != null) {
                cm.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.context()));
            }
            try (CloseableHttpClient client = HttpClients.custom()
                    .setConnectionManager(cm.build())
                    .setTargetAuthenticationStrategy(new NegotiateAuthenticationStrategy(auth))
                    .build()) {
                HttpClientContext context = HttpClientContext.create();
                return client.execute(new HttpGet(uri), context, r -> {
                    EntityUtils.consume(r.getEntity());
                    return new Outcome(
                            r.getCode(),
                            header(r, "X-Remote-User"),
                            header(r, "X-Acceptor-Status"),
                            NegotiateScheme.exchange(context).orElse(null),
                            NegotiateScheme.failure(context));
                });
            }
        }
    },
    APACHE_ASYNC {
        @Override
        Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
            PoolingAsyncClientConnectionManagerBuilder cm = PoolingAsyncClientConnectionManagerBuilder.create();
            if (tls != null) {
                cm.setTlsStrategy(new DefaultClientTlsStrategy(tls.context()));
            }
            try (CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                    .setConnectionManager(cm.build())
                    .setTargetAuthenticationStrategy(new NegotiateAuthenticationStrategy(auth))
                    .build()) {
                client.start();
                HttpClientContext context = HttpClientContext.create();
                SimpleHttpRequest request = SimpleRequestBuilder.get(uri).build();
                SimpleHttpResponse r =
                        client.execute(request, context, null).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return new Outcome(
                        r.getCode(),
                        header(r, "X-Remote-User"),
                        header(r, "X-Acceptor-Status"),
                        NegotiateScheme.exchange(context).orElse(null),
                        NegotiateScheme.failure(context));
            }
        }
    },
    OKHTTP {
        @Override
        Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
            NegotiateAuthenticator negotiate = new NegotiateAuthenticator(auth);
            OkHttpClient.Builder b = new OkHttpClient.Builder()
                    .authenticator(negotiate)
                    .addInterceptor(negotiate)
                    .callTimeout(TIMEOUT);
            if (tls != null) {
                b.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
            }
            OkHttpClient client = b.build();
            try (Response r = client.newCall(
                            new Request.Builder().url(uri.toURL()).build())
                    .execute()) {
                return new Outcome(
                        r.code(),
                        Optional.ofNullable(r.header("X-Remote-User")),
                        Optional.ofNullable(r.header("X-Acceptor-Status")),
                        r.request().tag(NegotiateExchange.class));
            } finally {
                client.connectionPool().evictAll();
                client.dispatcher().executorService().shutdown();
            }
        }
    };

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The client's TLS trust. */
    record Tls(SSLContext context, X509TrustManager trustManager) {}

    /** What one GET ended with. */
    record Outcome(
            int status,
            Optional<String> remoteUser,
            Optional<String> acceptorStatus,
            NegotiateExchange exchange,
            Optional<NegotiateHttpException> failure) {
        Outcome(int status, Optional<String> remoteUser, Optional<String> acceptorStatus, NegotiateExchange exchange) {
            this(status, remoteUser, acceptorStatus, exchange, Optional.empty());
        }
    }

    abstract Outcome get(URI uri, NegotiateAuth auth, Tls tls) throws Exception;

    /**
     * One GET; a {@link NegotiateHttpException} anywhere in what the client threw (each wraps it its own way), or
     * left in Apache's context, is the outcome's {@code failure}.
     */
    Outcome run(URI uri, NegotiateAuth auth, Tls tls) throws Exception {
        try {
            return get(uri, auth, tls);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NegotiateHttpException n) {
                    return new Outcome(-1, Optional.empty(), Optional.empty(), null, Optional.of(n));
                }
            }
            throw e;
        }
    }

    /** The README's java.net.http set-up: HTTP/1.1, the test's trust when over TLS. */
    private static NegotiateHttpClient jdk(NegotiateAuth auth, Tls tls) {
        HttpClient.Builder b =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
        if (tls != null) {
            b.sslContext(tls.context());
        }
        return NegotiateHttpClient.of(b.build(), auth);
    }

    private static Optional<String> header(org.apache.hc.core5.http.HttpResponse r, String name) {
        return Optional.ofNullable(r.getFirstHeader(name)).map(h -> h.getValue());
    }
}
