package org.jnegotiate.spnego.tokens;

import java.util.Optional;

/** The negState of a NegTokenResp (RFC 4178 section 4.2.2), with its ENUMERATED wire value. */
public enum NegState {
    /** The acceptor is done; no further tokens are expected (apart from the initiator's MIC, if owed). */
    ACCEPT_COMPLETED(0),
    /** More tokens are needed. */
    ACCEPT_INCOMPLETE(1),
    /** The acceptor refuses the negotiation or the authentication. */
    REJECT(2),
    /** The acceptor asks the initiator for a mechListMIC (first reply only). */
    REQUEST_MIC(3);

    private final int wire;

    NegState(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** The state of a wire value; empty for values RFC 4178 does not define. */
    public static Optional<NegState> ofWire(int wire) {
        for (NegState s : values()) {
            if (s.wire == wire) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
