package org.jnegotiate.spring;

import org.jnegotiate.servlet.Outcome;
import org.springframework.security.core.AuthenticationException;

/**
 * A leg that did not log the user on: the exchange continues (401 with the acceptor's token), the logon was refused
 * (401 with fresh challenges), or the header was not a token (400). {@link #outcome()} says which; the filter writes it.
 */
public final class NegotiateRejectedException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;

    public NegotiateRejectedException(Outcome outcome) {
        super(reason(outcome));
        if (outcome instanceof Outcome.Authenticated) {
            throw new IllegalArgumentException("not a rejection: " + outcome);
        }
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    private static String reason(Outcome outcome) {
        if (outcome instanceof Outcome.Unauthorized u) {
            return u.reason();
        }
        if (outcome instanceof Outcome.BadRequest b) {
            return b.reason();
        }
        return String.valueOf(outcome);
    }
}
