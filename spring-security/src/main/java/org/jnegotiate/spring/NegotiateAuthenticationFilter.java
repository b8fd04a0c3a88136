package org.jnegotiate.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jnegotiate.servlet.ConnectionKey;
import org.jnegotiate.servlet.NegotiateFilter;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's door to Negotiate: a request with an {@code Authorization: Negotiate} (or {@code NTLM}) header
 * goes to the {@link AuthenticationManager} (with {@link NegotiateAuthenticationProvider}); a logon puts the
 * {@link NegotiateAuthenticationToken} in the security context (saved per request by default: Negotiate
 * authenticates requests, not sessions) and the final token on the response, and the chain continues; a leg that did
 * not log on ends here with its 401 or 400, so the application never sees it. Requests without such a header pass
 * through untouched, for authorization rules and the {@link NegotiateAuthenticationEntryPoint} to decide.
 */
public final class NegotiateAuthenticationFilter extends OncePerRequestFilter {
    private final AuthenticationManager authenticationManager;
    private final AuthenticationEntryPoint entryPoint;
    private SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    /**
     * @param entryPoint answers the failures that are not a Negotiate leg's (no provider, a provider's own exception):
     *        usually the {@link NegotiateAuthenticationEntryPoint} of the same schemes
     */
    public NegotiateAuthenticationFilter(
            AuthenticationManager authenticationManager, AuthenticationEntryPoint entryPoint) {
        this.authenticationManager = Objects.requireNonNull(authenticationManager, "authenticationManager");
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
    }

    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.contexts = Objects.requireNonNull(strategy, "strategy");
    }

    public void setSecurityContextRepository(SecurityContextRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> authorization = Collections.list(request.getHeaders("Authorization"));
        if (authorization.stream().noneMatch(NegotiateAuthenticationFilter::isNegotiateOrNtlm)) {
            chain.doFilter(request, response);
            return;
        }
        Authentication result;
        try {
            result = authenticationManager.authenticate(
                    NegotiateAuthenticationToken.request(new NegotiateAuthenticationToken.Leg(
                            ConnectionKey.of(request), authorization, request.isSecure())));
        } catch (NegotiateRejectedException e) {
            contexts.clearContext();
            NegotiateFilter.respond(e.outcome(), response);
            return;
        } catch (AuthenticationException e) {
            contexts.clearContext();
            entryPoint.commence(request, response, e);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(result);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        if (result instanceof NegotiateAuthenticationToken token) {
            token.finalToken().ifPresent(t -> response.setHeader("WWW-Authenticate", t));
        }
        chain.doFilter(request, response);
    }

    private static boolean isNegotiateOrNtlm(String header) {
        String h = header.stripLeading();
        return h.regionMatches(true, 0, "Negotiate", 0, 9) || h.regionMatches(true, 0, "NTLM", 0, 4);
    }
}
