package org.jnegotiate.http.apache;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.BasicUserPrincipal;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.MalformedChallengeException;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateExchange;
import org.jnegotiate.http.NegotiateHttpException;
import org.jnegotiate.mech.TlsServerEndPoint;

/**
 * The {@code Negotiate} {@link AuthScheme} for Apache HttpClient 5 (classic and async), one instance per exchange
 * (made by {@link NegotiateAuthenticationStrategy}): every 401 leg goes to the same {@link NegotiateExchange}, so
 * multi-leg exchanges (NTLM in SPNEGO) complete, and it asks HttpClient for the final response's challenge
 * ({@link #isChallengeExpected()}) to verify the server's last token. Connection-based, as NTLM needs: HttpClient
 * keeps the connection of the exchange leased for all its legs.
 *
 * <p>A failure of the security context on a 401 after the first ends the request with an
 * {@link AuthenticationException}, as does a final token that fails verification or a missing one while mutual
 * authentication is required. HttpClient swallows (and logs) failures on the <em>first</em> 401 and returns that 401;
 * the failure is then in the context, {@link #failure(HttpContext)}.
 */
public final class NegotiateScheme implements AuthScheme {
    /** The HttpContext attribute holding the last {@link NegotiateHttpException} of an exchange. */
    public static final String FAILURE_ATTRIBUTE = "org.jnegotiate.http.failure";
    /** The HttpContext attribute holding the {@link NegotiateExchange} of the last request, to read its legs. */
    public static final String EXCHANGE_ATTRIBUTE = "org.jnegotiate.http.exchange";

    private final NegotiateAuth auth;
    private NegotiateExchange exchange;
    private String pending;

    NegotiateScheme(NegotiateAuth auth) {
        this.auth = auth;
    }

    /** The failure of the last Negotiate exchange run with {@code context}, if it failed. */
    public static Optional<NegotiateHttpException> failure(HttpContext context) {
        return Optional.ofNullable((NegotiateHttpException) context.getAttribute(FAILURE_ATTRIBUTE));
    }

    /** The exchange of the last request run with {@code context}. */
    public static Optional<NegotiateExchange> exchange(HttpContext context) {
        return Optional.ofNullable((NegotiateExchange) context.getAttribute(EXCHANGE_ATTRIBUTE));
    }

    @Override
    public String getName() {
        return "Negotiate";
    }

    @Override
    public boolean isConnectionBased() {
        return true;
    }

    @Override
    public void processChallenge(AuthChallenge challenge, HttpContext context) throws MalformedChallengeException {
        try {
            processChallenge(null, true, challenge, context);
        } catch (AuthenticationException e) {
            // the old entry point cannot say "authentication failed": the context attribute keeps the reason
            throw new MalformedChallengeException(e.getMessage(), e);
        }
    }

    /** Asked after every response while a token is out, so that the final response's token is verified. */
    @Override
    public boolean isChallengeExpected() {
        return exchange != null && !exchange.isDone();
    }

    @Override
    public void processChallenge(HttpHost host, boolean challenged, AuthChallenge challenge, HttpContext context)
            throws AuthenticationException {
        HttpClientContext client = HttpClientContext.cast(context);
        List<String> values = challenge == null
                ? List.of()
                : List.of(challenge.getValue() == null ? "Negotiate" : "Negotiate " + challenge.getValue());
        try {
            if (exchange == null) {
                exchange = auth.begin(uriOf(host, client));
                context.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
                context.removeAttribute(FAILURE_ATTRIBUTE);
            }
            if (challenged) {
                pending = exchange.onUnauthorized(values, TlsServerEndPoint.leafOf(client.getSSLSession()))
                        .orElse(null);
            } else {
                HttpResponse response = client.getResponse();
                exchange.onFinalResponse(response == null ? 200 : response.getCode(), values);
            }
        } catch (NegotiateHttpException e) {
            context.setAttribute(FAILURE_ATTRIBUTE, e);
            throw new AuthenticationException(e.getMessage(), e);
        }
    }

    private static URI uriOf(HttpHost host, HttpClientContext context) {
        HttpRequest request = context.getRequest();
        if (host != null) {
            return URI.create(host.toURI() + "/");
        }
        try {
            return request.getUri();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("no target for the Negotiate challenge", e);
        }
    }

    @Override
    public boolean isChallengeComplete() {
        return exchange != null
                && (exchange.result() == NegotiateExchange.Result.REFUSED
                        || exchange.result() == NegotiateExchange.Result.FAILED);
    }

    @Override
    public String getRealm() {
        return null;
    }

    /** Credentials come from the {@link NegotiateAuth}, not from HttpClient's provider. */
    @Override
    public boolean isResponseReady(HttpHost host, CredentialsProvider credentialsProvider, HttpContext context) {
        return pending != null;
    }

    @Override
    public Principal getPrincipal() {
        return exchange == null
                ? null
                : exchange.clientName().map(BasicUserPrincipal::new).orElse(null);
    }

    @Override
    public String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext context)
            throws AuthenticationException {
        String value = pending;
        pending = null;
        if (value == null) {
            throw new AuthenticationException("no Negotiate token is pending");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Negotiate(JNegotiate)" + (exchange == null ? "" : " " + exchange);
    }
}
