package org.jnegotiate.servlet;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * A user authenticated by HTTP Negotiate or NTLM: {@code alice@EXAMPLE.COM} for Kerberos, {@code EXAMPLE\alice} for
 * NTLM, the mechanism that proved it, and the HTTP scheme it came through. What
 * {@code HttpServletRequest.getUserPrincipal()} returns behind {@link NegotiateFilter}.
 */
public final class NegotiatePrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final AuthMechanism mechanism;
    private final AuthScheme scheme;

    public NegotiatePrincipal(String name, AuthMechanism mechanism, AuthScheme scheme) {
        this.name = Objects.requireNonNull(name, "name");
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public String getName() {
        return name;
    }

    public AuthMechanism mechanism() {
        return mechanism;
    }

    public AuthScheme scheme() {
        return scheme;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NegotiatePrincipal p
                && p.name.equals(name)
                && p.mechanism == mechanism
                && p.scheme == scheme;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mechanism, scheme);
    }

    @Override
    public String toString() {
        return name + " (" + mechanism + " via " + scheme.headerName() + ")";
    }
}
