package org.jnegotiate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;

/** What {@link MechContext}'s contract says of a disposed context, in every role of every mechanism. */
public final class DisposedContexts {
    private DisposedContexts() {}

    /**
     * Every use of {@code c} but dispose itself is {@link Failure#INVALID_HANDLE}: the step with {@code nextToken} (the
     * token its role would take next), the protector and the session key; and a second dispose changes nothing.
     */
    public static void assertDisposed(MechContext c, byte[] nextToken) {
        assertFalse(c.isEstablished());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> c.step(nextToken)).failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, c::protector).failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, c::sessionKey).failure());
        c.dispose();
        assertFalse(c.isEstablished());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> c.step(nextToken)).failure());
    }
}
