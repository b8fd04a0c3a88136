package org.jnegotiate.sspi;

import java.util.Objects;
import org.jnegotiate.mech.Status;

/**
 * One step of {@link ClientContext} or {@link ServerContext}: the token to send (empty when there is none;
 * a non-empty token must be sent even when the status is {@link Status#OK}) and the status.
 */
public record StepResult(byte[] token, Status status) {
    public StepResult {
        token = token == null ? new byte[0] : token;
        Objects.requireNonNull(status, "status");
    }

    public boolean hasToken() {
        return token.length > 0;
    }

    /** SEC_I_CONTINUE_NEEDED or SEC_I_COMPLETE_AND_CONTINUE: the peer's reply must be stepped in. */
    public boolean continueNeeded() {
        return status == Status.CONTINUE_NEEDED || status == Status.COMPLETE_AND_CONTINUE;
    }

    /** The SECURITY_STATUS value. */
    public int secStatus() {
        return status.sspiStatus();
    }

    static StepResult of(SecurityContext.StepOutput out) {
        for (Status s : Status.values()) {
            if (s.sspiStatus() == out.status()) {
                return new StepResult(out.token(), s);
            }
        }
        throw new IllegalStateException("not a success status: " + SecStatus.name(out.status()));
    }
}
