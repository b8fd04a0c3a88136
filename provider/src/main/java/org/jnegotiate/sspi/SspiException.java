package org.jnegotiate.sspi;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The one exception of the idiomatic SSPI layer: it carries the {@code SEC_E_*} status the port layer
 * would have returned, and the engine {@link Failure} when the engine was the cause.
 */
public final class SspiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Failure failure;
    private final byte[] errorToken;

    SspiException(int status, String message) {
        super(SecStatus.name(status) + ": " + message);
        this.status = status;
        this.failure = null;
        this.errorToken = null;
    }

    SspiException(NegotiateException cause) {
        this(cause, null);
    }

    /** With the token to send to the peer (ISC_REQ_EXTENDED_ERROR/ASC_REQ_EXTENDED_ERROR), or null. */
    SspiException(NegotiateException cause, byte[] errorToken) {
        super(SecStatus.name(cause.failure().sspiStatus()) + ": " + cause.getMessage(), cause);
        this.status = cause.failure().sspiStatus();
        this.failure = cause.failure();
        this.errorToken = errorToken;
    }

    /**
     * A runtime exception from inside the engine: a bug, never the peer's doing. The door reports it as
     * SEC_E_INTERNAL_ERROR instead of letting it reach the caller (the fuzz targets treat that status as a finding).
     */
    static SspiException internal(RuntimeException cause) {
        SspiException x = new SspiException(Failure.INTERNAL_ERROR, "the mechanism failed: " + cause);
        x.initCause(cause);
        return x;
    }

    /** From an engine failure detected by the door itself. */
    SspiException(Failure failure, String message) {
        super(SecStatus.name(failure.sspiStatus()) + ": " + message);
        this.status = failure.sspiStatus();
        this.failure = failure;
        this.errorToken = null;
    }

    /** The SECURITY_STATUS, for example {@link SecStatus#SEC_E_LOGON_DENIED}. */
    public int status() {
        return status;
    }

    /**
     * The token to send to the peer despite the failure (an SPNEGO reject), present only when EXTENDED_ERROR
     * was requested and the engine produced one.
     */
    public java.util.Optional<byte[]> errorToken() {
        return java.util.Optional.ofNullable(errorToken == null ? null : errorToken.clone());
    }

    /** The engine failure behind the status, or null when the door itself decided the status. */
    public Failure failure() {
        return failure;
    }
}
