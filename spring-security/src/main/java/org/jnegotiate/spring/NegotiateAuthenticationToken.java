package org.jnegotiate.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.servlet.AuthMechanism;
import org.jnegotiate.servlet.NegotiatePrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A Negotiate logon in Spring Security. Before authentication it carries one request's {@code Authorization} headers
 * and connection key ({@link #request}); after, the {@link NegotiatePrincipal} (name, mechanism, scheme), the
 * authorities, and the acceptor's final token for the response.
 */
public final class NegotiateAuthenticationToken extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final transient Leg leg;
    private final NegotiatePrincipal principal;
    private final String finalToken;

    /** One request's credentials, for {@link NegotiateAuthenticationProvider}. */
    public record Leg(String connectionKey, List<String> authorization, boolean secure) {
        public Leg {
            Objects.requireNonNull(connectionKey, "connectionKey");
            authorization = List.copyOf(authorization);
        }
    }

    private NegotiateAuthenticationToken(Leg leg) {
        super(List.of());
        this.leg = leg;
        this.principal = null;
        this.finalToken = null;
    }

    private NegotiateAuthenticationToken(
            NegotiatePrincipal principal, String finalToken, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.leg = null;
        this.principal = principal;
        this.finalToken = finalToken;
        setAuthenticated(true);
    }

    public static NegotiateAuthenticationToken request(Leg leg) {
        return new NegotiateAuthenticationToken(Objects.requireNonNull(leg, "leg"));
    }

    public static NegotiateAuthenticationToken authenticated(
            NegotiatePrincipal principal,
            Optional<String> finalToken,
            Collection<? extends GrantedAuthority> authorities) {
        return new NegotiateAuthenticationToken(
                Objects.requireNonNull(principal, "principal"), finalToken.orElse(null), authorities);
    }

    /** The request's credentials; empty once authenticated. */
    public Optional<Leg> leg() {
        return Optional.ofNullable(leg);
    }

    /** The {@code WWW-Authenticate} value the response must carry (mutual authentication), if any. */
    public Optional<String> finalToken() {
        return Optional.ofNullable(finalToken);
    }

    /** The mechanism that authenticated the user; empty before authentication. */
    public Optional<AuthMechanism> mechanism() {
        return Optional.ofNullable(principal).map(NegotiatePrincipal::mechanism);
    }

    @Override
    public Object getCredentials() {
        return ""; // the tokens are single-use and not kept
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal == null ? "" : principal.getName();
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated && principal == null) {
            throw new IllegalArgumentException("a Negotiate request token cannot be marked authenticated");
        }
        super.setAuthenticated(authenticated);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NegotiateAuthenticationToken t && super.equals(o) && Objects.equals(t.principal, principal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), principal);
    }
}
