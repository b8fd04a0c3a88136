package org.jnegotiate.spnego.tokens;

import org.jnegotiate.mech.NegotiateException;

/**
 * The SPNEGO NegotiationToken CHOICE (RFC 4178 section 4.2; MS-SPNG 2.2.1 for NegTokenInit2), bare,
 * without the RFC 2743 framing of the initiator's first token.
 */
public sealed interface NegotiationToken permits NegTokenInit, NegTokenInit2, NegTokenResp {

    /** Decodes one DER NegotiationToken; anything malformed fails with INVALID_TOKEN and nothing else. */
    static NegotiationToken decode(byte[] der) throws NegotiateException {
        return SpnegoDecoder.decode(der);
    }
}
