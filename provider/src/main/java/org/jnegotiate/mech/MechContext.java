package org.jnegotiate.mech;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One security context of one mechanism, in one role: a state machine driven by {@link #step}.
 * It knows nothing of the door (GSS or SSPI) that drives it.
 *
 * <p><b>Threading.</b> A context is safe to share between threads: each of its methods runs atomically on the
 * context's monitor ({@code synchronized}), so a step, a {@link #dispose()} or a question about the context never
 * sees another half done. Its {@link MessageProtector} is safe to share as well: each wrap, unwrap, getMIC and
 * verifyMIC takes its sequence number and advances its cipher state atomically, the outgoing and the incoming
 * direction independently, so that concurrent callers get tokens that all verify, in the order of their sequence
 * numbers. The default methods below are made of the atomic ones; the mechListMIC methods run inside the outer
 * negotiation's step, under its monitor, before anything else can reach the inner context.
 *
 * <p><b>Disposal.</b> {@link #dispose()} moves the context to its terminal DISPOSED state; afterwards
 * {@link #step}, {@link #protector()} and {@link #sessionKey()} throw {@link Failure#INVALID_HANDLE}.
 */
public interface MechContext {

    MechOid mechanism();

    boolean isInitiator();

    /**
     * The mechanism that actually authenticated: the inner mechanism of a Negotiate context once it is
     * chosen, the mechanism itself otherwise.
     */
    default Optional<MechOid> negotiatedMechanism() {
        return Optional.of(mechanism());
    }

    /**
     * Consumes the peer's token ({@code null} or empty on an initiator's first call) and returns the
     * token to send. Stepping an established or failed context throws {@link Failure#OUT_OF_SEQUENCE}.
     */
    Step step(byte[] input) throws NegotiateException;

    boolean isEstablished();

    /** The services granted so far; only the set of the final step describes security. */
    Set<ContextFlag> granted();

    /** The initiator's name once known (always on the initiator, after the last step on the acceptor). */
    Optional<PeerName> initiatorName();

    /** The acceptor's name once known. */
    Optional<PeerName> acceptorName();

    /** When the context expires; empty while unknown or when unbounded. */
    Optional<Instant> expiry();

    /** Per-message protection; throws {@link Failure#INVALID_HANDLE} until established. */
    MessageProtector protector() throws NegotiateException;

    /** The session key (SSPI SECPKG_ATTR_SESSION_KEY); throws until established. */
    SecretBytes sessionKey() throws NegotiateException;

    /**
     * The Kerberos enctype number of {@link #sessionKey()} (GSS {@code KRB5_GET_SESSION_KEY_EX}); empty for
     * mechanisms whose session key has no enctype (NTLM). Throws until established, as {@link #sessionKey()}.
     */
    default OptionalInt sessionKeyType() throws NegotiateException {
        return OptionalInt.empty();
    }

    /**
     * Negotiate initiators: why Kerberos was dropped for NTLM before the first token was sent, if it was
     * (diagnostics, such as {@code jnegotiate probe}); empty for every other context.
     */
    default Optional<NegotiateException> fallbackReason() {
        return Optional.empty();
    }

    /** The credential the initiator delegated (acceptor side, Kerberos only). */
    default Optional<MechCredential> delegatedCredential() {
        return Optional.empty();
    }

    /**
     * A mechanism-specific fact about the established context, asked for by its type: the Kerberos acceptor answers
     * {@code org.jnegotiate.krb5.pac.Pac.class} (the verified PAC of the client's ticket) and
     * {@code org.jnegotiate.krb5.tokens.AuthorizationDataEntry[].class} (the ticket's authorization data). Empty
     * when the mechanism has no such fact or the context is not established.
     */
    default <T> Optional<T> attribute(Class<T> type) {
        return Optional.empty();
    }

    /**
     * Whether this mechanism, once established, makes the SPNEGO mechListMIC exchange mandatory on its own,
     * beyond the rules of RFC 4178 section 5. Windows requires it for NTLM whenever the AUTHENTICATE_MESSAGE
     * carried a MIC (MsvAvFlags 0x2); MIT's SPNEGO asks the mechanism the same question (GSS_SPNEGO_REQUIRE_MIC).
     * Meaningful only once {@link #isEstablished()}; false by default.
     */
    default boolean requiresMechListMic() {
        return false;
    }

    /** The SPNEGO mechListMIC over {@code mechTypesDer} (RFC 4178 section 5), then {@link #ownMechListMicMade()}. */
    default byte[] mechListMic(byte[] mechTypesDer) throws NegotiateException {
        byte[] mic = mechListMicProtector().getMic(mechTypesDer, 0, mechTypesDer.length);
        ownMechListMicMade();
        return mic;
    }

    /**
     * Verifies the peer's mechListMIC, then {@link #peerMechListMicVerified()}; throws
     * {@link Failure#DOWNGRADE_DETECTED} on mismatch.
     */
    default void verifyMechListMic(byte[] mic, byte[] mechTypesDer) throws NegotiateException {
        try {
            mechListMicProtector().verifyMic(mic, 0, mic.length, mechTypesDer, 0, mechTypesDer.length);
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED || e.failure() == Failure.INVALID_TOKEN) {
                throw new NegotiateException(
                        Failure.DOWNGRADE_DETECTED,
                        "the peer's mechListMIC does not match the mechanism list: the negotiation was altered",
                        e);
            }
            throw e;
        }
        peerMechListMicVerified();
    }

    /**
     * Hook: the protector the mechListMIC is made and checked with; {@link #protector()} by default. NTLM answers
     * its session protector even on an anonymous context, whose {@link #protector()} is refused.
     */
    default MessageProtector mechListMicProtector() throws NegotiateException {
        return protector();
    }

    /** Hook: after this side's mechListMIC was made (NTLM restarts its outgoing RC4 keystream). Nothing by default. */
    default void ownMechListMicMade() throws NegotiateException {}

    /** Hook: after the peer's mechListMIC verified (NTLM restarts its incoming RC4 keystream). Nothing by default. */
    default void peerMechListMicVerified() throws NegotiateException {}

    /**
     * Called by an outer negotiation (SPNEGO) on an acceptor it opened, before the first step: this context runs
     * inside it. Acceptors whose handshake a fresh context may finish (NTLM behind servers that open a context per
     * request) keep {@code stateToKeep} (the outer negotiation's own state, such as its mechanism list; {@code null}
     * for none) with their pending handshake, and finish only handshakes that began inside a negotiation too.
     * Ignored by default.
     */
    default void insideNegotiation(byte[] stateToKeep) {}

    /**
     * When this acceptor finished a handshake another context began ({@link #insideNegotiation}): the state the
     * outer negotiation kept with it. Empty by default.
     */
    default Optional<byte[]> resumedOuterState() {
        return Optional.empty();
    }

    /** Zeroes keys and moves the context to its terminal DISPOSED state. Idempotent. */
    void dispose();
}
