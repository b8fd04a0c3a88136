package org.jnegotiate.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.sspi.SecStatus;

/**
 * What every fuzz target asserts: peer bytes end in a result or in the project's own exception, never in any
 * other exception or error (Jazzer reports those, and an OutOfMemoryError or a timeout, as findings).
 */
final class Fuzzing {
    private Fuzzing() {}

    /** A parser call on hostile bytes. */
    @FunctionalInterface
    interface Parse {
        Object run() throws NegotiateException;
    }

    /** Runs {@code parse}: any result, or a {@link NegotiateException} that names its failure, is fine. */
    static void onlyNegotiateException(Parse parse) {
        try {
            parse.run();
        } catch (NegotiateException e) {
            assertNotNull(e.failure(), "a NegotiateException without a failure");
            assertNotNull(e.getMessage(), "a NegotiateException without a message");
        }
    }

    /**
     * A status of the SSPI door on hostile bytes: SEC_E_INTERNAL_ERROR is the door's name for a runtime
     * exception inside a mechanism, that is a bug; everything else is an answer.
     */
    static void notInternalError(int status) {
        if (status == SecStatus.SEC_E_INTERNAL_ERROR) {
            throw new AssertionError("SEC_E_INTERNAL_ERROR: a runtime exception inside the engine");
        }
    }
}
