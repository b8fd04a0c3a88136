package org.jnegotiate.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jnegotiate.servlet.AuthScheme;
import org.jnegotiate.servlet.NegotiateFilter;
import org.jnegotiate.servlet.Outcome;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 with the challenges of the configured schemes, for requests that need a logon and brought no credentials. */
public final class NegotiateAuthenticationEntryPoint implements AuthenticationEntryPoint {
    private final List<String> challenges;

    public NegotiateAuthenticationEntryPoint(List<AuthScheme> schemes) {
        this.challenges = schemes.stream().map(AuthScheme::headerName).toList();
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof NegotiateRejectedException rejected) {
            NegotiateFilter.respond(rejected.outcome(), response);
        } else {
            NegotiateFilter.respond(new Outcome.Unauthorized(challenges, String.valueOf(e)), response);
        }
    }
}
