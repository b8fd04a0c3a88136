package org.jnegotiate.sspi;

import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * The RFC 2743 section 3.1 framing ({@code 0x60 len 0x06 oidlen oid inner}) where Windows puts it: the
 * first SPNEGO initiator token and every Kerberos context token. The door's one call site of the engine's
 * shared codec, {@link GssFraming}.
 */
final class TokenFraming {
    private TokenFraming() {
    }

    static boolean looksFramed(byte[] token) {
        return GssFraming.looksFramed(token);
    }

    static byte[] frame(MechOid mech, byte[] inner) {
        return GssFraming.wrap(mech, inner);
    }

    /** Unframes a token that must belong to {@code expected} (either Kerberos OID stands for Kerberos). */
    static byte[] unframe(byte[] token, MechOid expected) throws NegotiateException {
        return GssFraming.unwrap(token, expected);
    }
}
