package org.jnegotiate.gss;

import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.NegotiateException;

/** Translates the engine's failures into {@link GSSException}s through the one failure table. */
final class GssErrors {
    private GssErrors() {
    }

    /**
     * The JDK prints the minor string only when the minor code is non-zero ({@code GSSException.getMessage()}),
     * so a failure without a mechanism code gets -1, as the JDK's own mechanisms do: users then see why.
     */
    static GSSException of(NegotiateException e) {
        GSSException g = new GSSException(e.failure().gssMajor(), e.minor() != 0 ? e.minor() : -1, e.getMessage());
        g.initCause(e);
        return g;
    }

    static GSSException of(int major, String message) {
        return new GSSException(major, -1, message);
    }
}
