package org.jnegotiate.mech;

import java.util.Objects;

/**
 * The result of one {@link MechContext#step}: the token to send (empty when there is nothing to send)
 * and the status. The token array belongs to the caller.
 */
public record Step(byte[] token, Status status) {
    private static final byte[] EMPTY = new byte[0];

    public Step {
        token = token == null ? EMPTY : token;
        Objects.requireNonNull(status, "status");
    }

    public static Step done(byte[] token) {
        return new Step(token, Status.OK);
    }

    public static Step continueWith(byte[] token) {
        return new Step(token, Status.CONTINUE_NEEDED);
    }

    public boolean hasToken() {
        return token.length > 0;
    }
}
