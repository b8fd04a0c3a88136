package org.jnegotiate.sspi;

import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * The SSPI door's one framing policy: the RFC 2743 section 3.1 framing ({@code 0x60 len 0x06 oidlen oid inner})
 * where Windows puts it, around the bare tokens the engine's mechanisms take and emit. Windows frames every
 * Kerberos context token and the first SPNEGO initiator token; it takes a Kerberos token framed or bare, and a
 * server-initiated NegTokenInit2 (SMB, an HTTP 401 with a token) framed. The Negotiate acceptor's input passes
 * unchanged: SPNEGO takes its first token framed or bare, and also a raw NTLMSSP message or a framed Kerberos
 * token (clients that skip SPNEGO), framing its replies in that case itself. The header is read and written by
 * {@link GssFraming} alone.
 *
 * @param mech the package's mechanism (SPNEGO, Kerberos or NTLM), as far as framing is concerned
 * @param initiator whether this side is the initiator
 */
record TokenFraming(MechOid mech, boolean initiator) {

    /** The caller's token as the mechanism takes it: unframed where Windows frames. */
    byte[] in(byte[] token) throws NegotiateException {
        if (token.length == 0 || !GssFraming.looksFramed(token)) {
            return token;
        }
        if (mech.isKerberos()) {
            return GssFraming.unwrap(token, MechOid.KERBEROS);
        }
        if (mech == MechOid.SPNEGO && initiator) {
            return GssFraming.unwrap(token, MechOid.SPNEGO);
        }
        return token;
    }

    /** The mechanism's token as the caller sends it; {@code first}: nothing was sent yet in this exchange. */
    byte[] out(byte[] token, boolean first) {
        if (token.length == 0) {
            return token;
        }
        if (mech.isKerberos()) {
            return GssFraming.wrap(MechOid.KERBEROS, token);
        }
        if (mech == MechOid.SPNEGO && initiator && first) {
            return GssFraming.wrap(MechOid.SPNEGO, token);
        }
        return token;
    }

    /** A failure's token for the peer (a KRB-ERROR, an SPNEGO reject): framed as a Kerberos token is. */
    byte[] errorToken(byte[] token) {
        return mech.isKerberos() ? GssFraming.wrap(MechOid.KERBEROS, token) : token;
    }
}
