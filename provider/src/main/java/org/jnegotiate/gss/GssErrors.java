package org.jnegotiate.gss;

import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.NegotiateException;

/** Translates the engine's failures into {@link GSSException}s through the one failure table. */
final class GssErrors {
    private GssErrors() {
    }

    static GSSException of(NegotiateException e) {
        GSSException g = new GSSException(e.failure().gssMajor(), e.minor(), e.getMessage());
        g.initCause(e);
        return g;
    }

    static GSSException of(int major, String message) {
        return new GSSException(major, 0, message);
    }
}
