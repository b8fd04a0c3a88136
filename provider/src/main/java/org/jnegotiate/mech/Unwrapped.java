package org.jnegotiate.mech;

import java.util.Objects;

/** The result of unwrapping a per-message token: the message, whether it was sealed, and its order. */
public record Unwrapped(byte[] message, boolean confidential, TokenOrder order) {
    public Unwrapped {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(order, "order");
    }
}
