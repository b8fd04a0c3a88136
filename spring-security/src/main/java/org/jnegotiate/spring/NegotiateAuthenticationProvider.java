package org.jnegotiate.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jnegotiate.servlet.NegotiateAuthenticator;
import org.jnegotiate.servlet.NegotiatePrincipal;
import org.jnegotiate.servlet.Outcome;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;

/**
 * Runs one Negotiate leg of a {@link NegotiateAuthenticationToken} request on JNegotiate's
 * {@link NegotiateAuthenticator}: an authenticated token with the authorities {@code authorities} gives the
 * principal (none by default), or a {@link NegotiateRejectedException} carrying the 401/400 to send.
 */
public final class NegotiateAuthenticationProvider implements AuthenticationProvider {
    private final NegotiateAuthenticator authenticator;
    private final Function<NegotiatePrincipal, Collection<? extends GrantedAuthority>> authorities;

    public NegotiateAuthenticationProvider(NegotiateAuthenticator authenticator) {
        this(authenticator, p -> List.of());
    }

    public NegotiateAuthenticationProvider(
            NegotiateAuthenticator authenticator,
            Function<NegotiatePrincipal, Collection<? extends GrantedAuthority>> authorities) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.authorities = Objects.requireNonNull(authorities, "authorities");
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        NegotiateAuthenticationToken request = (NegotiateAuthenticationToken) authentication;
        NegotiateAuthenticationToken.Leg leg = request.leg()
                .orElseThrow(
                        () -> new IllegalArgumentException("an authenticated token cannot be authenticated again"));
        Outcome outcome = authenticator.authenticate(leg.connectionKey(), leg.authorization(), leg.secure());
        if (outcome instanceof Outcome.Authenticated ok) {
            return NegotiateAuthenticationToken.authenticated(
                    ok.principal(), ok.finalToken(), authorities.apply(ok.principal()));
        }
        throw new NegotiateRejectedException(outcome);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return NegotiateAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
