package org.jnegotiate.mech;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The only exception the engine throws for protocol, credential and configuration failures.
 * It carries one {@link Failure}, which decides the SSPI status and the GSS major code, and a
 * message that says what went wrong in words a user can act on.
 *
 * <p>Parsers never let an {@code ArrayIndexOutOfBoundsException}, {@code NegativeArraySizeException}
 * or {@code OutOfMemoryError} escape: they throw this with {@link Failure#INVALID_TOKEN} or
 * {@link Failure#INSUFFICIENT_MEMORY}.
 */
public final class NegotiateException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    private final Failure failure;
    /** A mechanism-specific minor code (for example a Kerberos error code), 0 when there is none. */
    private final int minor;
    /** A token to send to the peer despite the failure (SPNEGO reject, KRB-ERROR); null when none. */
    private final byte[] errorToken;

    public NegotiateException(Failure failure, String message) {
        this(failure, 0, message, null);
    }

    public NegotiateException(Failure failure, String message, Throwable cause) {
        this(failure, 0, message, cause);
    }

    public NegotiateException(Failure failure, int minor, String message, Throwable cause) {
        this(failure, minor, message, cause, null);
    }

    /**
     * A failure that still has a token for the peer (GSS returns an output token with the error status;
     * SSPI returns it with ASC_REQ_EXTENDED_ERROR): for example an SPNEGO negState=reject.
     */
    public NegotiateException(Failure failure, int minor, String message, Throwable cause, byte[] errorToken) {
        super(Objects.requireNonNull(failure, "failure").summary() + ": " + message, cause);
        this.failure = failure;
        this.minor = minor;
        this.errorToken = errorToken == null ? null : errorToken.clone();
    }

    public Failure failure() {
        return failure;
    }

    public int minor() {
        return minor;
    }

    /** The token to send to the peer with this failure, if any. */
    public java.util.Optional<byte[]> errorToken() {
        return java.util.Optional.ofNullable(errorToken == null ? null : errorToken.clone());
    }
}
