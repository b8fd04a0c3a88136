package org.jnegotiate.spnego;

import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * The mechListMIC exchange of one Negotiate context (RFC 4178 section 5): whether it is needed, which MICs went
 * which way, and the mechTypes DER both MICs cover. Both roles ask it what they owe and what they may conclude.
 *
 * <p>A MIC is needed when the acceptor did not take the initiator's first choice with its optimistic token
 * (5 (c)), when the acceptor asks for it (request-mic), when the peer sent one anyway, or when the inner mechanism
 * asks for it once established ({@link MechContext#requiresMechListMic()}: NTLM whose AUTHENTICATE carried a MIC).
 * Once needed, each side sends its own and verifies the peer's, once each.
 */
final class MechListMicExchange {

    enum State {
        /** No MIC is needed (so far): the optimistic token of the initiator's first choice was taken. */
        NOT_NEEDED,
        /** Needed; neither side's MIC has been handled yet. */
        REQUIRED,
        /** Ours went out; the peer's is awaited. */
        SENT,
        /** The peer's is verified; ours is still owed. */
        VERIFIED,
        /** Both went their way: the mechanism list is protected. */
        EXCHANGED
    }

    private State state = State.NOT_NEEDED;
    /** The DER of the mechTypes the initiator sent: what both MICs are computed over. */
    private byte[] mechTypesDer;

    State state() {
        return state;
    }

    /** The initiator's mechTypes, as sent or received. */
    void protect(byte[] mechTypesDer) {
        this.mechTypesDer = mechTypesDer.clone();
    }

    /** The exchange becomes needed (a rule of section 5 applies); no change once it is. */
    void require() {
        if (state == State.NOT_NEEDED) {
            state = State.REQUIRED;
        }
    }

    boolean isNeeded() {
        return state != State.NOT_NEEDED;
    }

    /** The peer's MIC was verified. */
    boolean peerVerified() {
        return state == State.VERIFIED || state == State.EXCHANGED;
    }

    /** Nothing more is owed by the peer: no MIC is needed, or the peer's was verified. */
    boolean peerDone() {
        return state == State.NOT_NEEDED || peerVerified();
    }

    /**
     * Once the inner mechanism is established it may require the mechListMIC itself: Windows does for NTLM whose
     * AUTHENTICATE_MESSAGE carried a MIC, and not otherwise. Asked before the MICs are handled in each step.
     */
    void requireIfInnerDoes(MechContext inner, MechOid innerOid) {
        if (state == State.NOT_NEEDED && inner != null && inner.isEstablished() && inner.requiresMechListMic()) {
            state = State.REQUIRED;
            NegotiateContext.debug(
                    "Negotiate: {0} requires the mechListMIC (its authentication carried a MIC)", innerOid);
        }
    }

    /** Verifies the peer's MIC over the initiator's mechTypes; after that our own MIC is owed as well. */
    void verifyPeer(MechContext inner, MechOid innerOid, byte[] mic) throws NegotiateException {
        if (inner == null || !inner.isEstablished()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "a mechListMIC arrived before " + innerOid + " was established");
        }
        if (peerVerified()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "a second mechListMIC from the peer");
        }
        inner.verifyMechListMic(mic, mechTypesDer);
        state = state == State.SENT ? State.EXCHANGED : State.VERIFIED;
        NegotiateContext.debug("Negotiate: the peer's mechListMIC is valid");
    }

    /** Our MIC when one is owed and the inner context can make it. */
    Optional<byte[]> ownIfOwed(MechContext inner) throws NegotiateException {
        if ((state == State.REQUIRED || state == State.VERIFIED) && inner != null && inner.isEstablished()) {
            state = state == State.VERIFIED ? State.EXCHANGED : State.SENT;
            return Optional.of(inner.mechListMic(mechTypesDer));
        }
        return Optional.empty();
    }

    /** What a fresh acceptor needs of this exchange to finish it: whether it is needed, and the mechTypes. */
    byte[] kept() {
        byte[] kept = new byte[1 + mechTypesDer.length];
        kept[0] = (byte) (isNeeded() ? 1 : 0);
        System.arraycopy(mechTypesDer, 0, kept, 1, mechTypesDer.length);
        return kept;
    }

    /** Takes over the exchange another acceptor kept ({@link #kept()}). */
    void restore(byte[] kept) {
        state = kept[0] == 1 ? State.REQUIRED : State.NOT_NEEDED;
        mechTypesDer = Arrays.copyOfRange(kept, 1, kept.length);
    }

    static NegotiateException missing(String who) {
        return new NegotiateException(
                Failure.DOWNGRADE_DETECTED,
                "the " + who + " did not send the mechListMIC"
                        + " this negotiation requires: the mechanism list may have been altered");
    }
}
