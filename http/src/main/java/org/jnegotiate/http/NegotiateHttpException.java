package org.jnegotiate.http;

import java.io.IOException;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.sspi.SecStatus;

/**
 * An HTTP Negotiate exchange that failed on the client's side: the security context refused a step (no credentials,
 * a forged or altered server token, bindings that could not be computed) or the server could not be authenticated
 * while mutual authentication is required. An {@link IOException}, as the clients' other transport failures are.
 */
public final class NegotiateHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    public NegotiateHttpException(Failure failure, String message, Throwable cause) {
        super(message + (failure == null ? "" : " (" + SecStatus.name(failure.sspiStatus()) + ")"), cause);
        this.failure = failure;
    }

    /** The SEC_E_* failure (its {@code sspiStatus()} and GSS major), when the failure has one. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }
}
