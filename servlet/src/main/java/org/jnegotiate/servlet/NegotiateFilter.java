package org.jnegotiate.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.jnegotiate.mech.NegotiateException;

/**
 * A Jakarta Servlet filter that authenticates every request with HTTP Negotiate (RFC 4559), and NTLM when configured,
 * on JNegotiate's engine. Only a request whose logon completed reaches the rest of the chain, wrapped so that
 * {@code getRemoteUser()} / {@code getUserPrincipal()} name the user ({@code alice@EXAMPLE.COM},
 * {@code EXAMPLE\alice}) and with the mechanism in the request attribute {@link #MECHANISM_ATTRIBUTE}; every other
 * request is answered here: 401 with the challenge (or the exchange's next token), 400 for a header of our scheme
 * that is not a token. The acceptor's final token (mutual authentication) is set on the response before the chain
 * runs. Configuration: the init parameters of {@link NegotiateSettings}, or a ready {@link NegotiateAuthenticator}.
 */
public final class NegotiateFilter implements Filter {
    /** Request attribute holding the {@link AuthMechanism} that authenticated the user. */
    public static final String MECHANISM_ATTRIBUTE = "org.jnegotiate.servlet.mechanism";

    private static final System.Logger LOG = System.getLogger(NegotiateFilter.class.getName());

    private NegotiateAuthenticator authenticator;
    private final boolean ownsAuthenticator;

    /** For containers: configured by {@link #init} from the filter's init parameters. */
    public NegotiateFilter() {
        this.ownsAuthenticator = true;
    }

    /** For code: an authenticator made (and closed) by the caller; {@link #init} changes nothing. */
    public NegotiateFilter(NegotiateAuthenticator authenticator) {
        this.authenticator = authenticator;
        this.ownsAuthenticator = false;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (authenticator != null) {
            return;
        }
        try {
            authenticator = new NegotiateAuthenticator(NegotiateSettings.fromParameters(config::getInitParameter));
        } catch (NegotiateException | RuntimeException e) {
            throw new ServletException("NegotiateFilter " + config.getFilterName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("NegotiateFilter serves HTTP requests only");
        }
        List<String> authorization = Collections.list(request.getHeaders("Authorization"));
        Outcome outcome = authenticator.authenticate(ConnectionKey.of(request), authorization, request.isSecure());
        if (outcome instanceof Outcome.Authenticated ok) {
            ok.finalToken().ifPresent(token -> response.setHeader("WWW-Authenticate", token));
            request.setAttribute(MECHANISM_ATTRIBUTE, ok.principal().mechanism());
            chain.doFilter(new AuthenticatedRequest(request, ok.principal()), response);
        } else {
            respond(outcome, response);
        }
    }

    /**
     * Writes the 401 (with its challenges) or the 400 of a refusing {@code outcome}, with an empty body, and commits
     * the response; shared with the Spring Security integration.
     */
    public static void respond(Outcome outcome, HttpServletResponse response) throws IOException {
        if (outcome instanceof Outcome.Unauthorized no) {
            LOG.log(System.Logger.Level.DEBUG, "401: {0}", no.reason());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            for (String challenge : no.challenges()) {
                response.addHeader("WWW-Authenticate", challenge);
            }
        } else if (outcome instanceof Outcome.BadRequest bad) {
            LOG.log(System.Logger.Level.DEBUG, "400: {0}", bad.reason());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } else {
            throw new IllegalArgumentException("not a refusal: " + outcome);
        }
        response.setContentLength(0);
        response.flushBuffer();
    }

    @Override
    public void destroy() {
        if (ownsAuthenticator && authenticator != null) {
            authenticator.close();
        }
    }
}
