package org.jnegotiate.gss;

import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.NegotiateException;

/** Translates the engine's failures into {@link GSSException}s through the one failure table. */
final class GssErrors {
    private static final System.Logger LOG = System.getLogger(GssErrors.class.getName());

    private GssErrors() {}

    /**
     * The JDK prints the minor string only when the minor code is non-zero ({@code GSSException.getMessage()}),
     * so a failure without a mechanism code gets -1, as the JDK's own mechanisms do: users then see why.
     */
    static GSSException of(NegotiateException e) {
        GSSException g = new GSSException(e.failure().gssMajor(), e.minor() != 0 ? e.minor() : -1, e.getMessage());
        g.initCause(e);
        return g;
    }

    /**
     * A runtime exception from inside the engine: a bug, never the peer's doing. The door turns it into FAILURE
     * (logged with its stack trace) so that only {@link GSSException} leaves the provider.
     */
    static GSSException internal(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "internal error in JNegotiate", e);
        GSSException g = new GSSException(GSSException.FAILURE, -1, "internal error in JNegotiate: " + e);
        g.initCause(e);
        return g;
    }

    static GSSException of(int major, String message) {
        return new GSSException(major, -1, message);
    }
}
