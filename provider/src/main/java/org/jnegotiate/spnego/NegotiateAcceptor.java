package org.jnegotiate.spnego;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.Step;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;

/**
 * The Negotiate acceptor (AcceptSecurityContext with the Negotiate package): takes the first of the
 * initiator's mechanisms it can serve, answers with that exact OID (MS-KRB5 stays MS-KRB5), uses the
 * optimistic token only when it belongs to that mechanism and that mechanism was the initiator's first
 * choice, and requires the mechListMIC whenever RFC 4178 section 5 or Windows' NTLM rules do.
 *
 * <p>A raw NTLMSSP message or a framed Kerberos token as the first input (what some HTTP clients put in
 * a Negotiate header) is served by that mechanism directly, without SPNEGO. The JDK framework checks and strips the
 * SPNEGO framing itself, so through the GSS door such a token arrives only with the agent (gss/JdkFramingPatch).
 *
 * <p>A NegTokenResp as the first token continues an exchange another acceptor of this process began (a server that
 * opens a new context per HTTP request): served when it carries an NTLM AUTHENTICATE whose handshake NTLM kept,
 * together with this side's state of the first leg (the initiator's mechTypes and whether the mechListMIC is
 * required), so that the mechListMIC is verified exactly as the first context would have.
 */
public final class NegotiateAcceptor extends NegotiateContext {
    private static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        /** Waiting for the initiator's NegTokenInit (or a raw mechanism token). */
        INITIAL,
        /** The chosen mechanism is running, or the initiator's MIC is awaited. */
        AWAIT_TOKEN,
        ESTABLISHED,
        FAILED,
        /** {@link #dispose()} was called: nothing more is possible. */
        DISPOSED
    }

    private State state = State.INITIAL;
    /**
     * No SPNEGO at all: the initiator spoke the inner mechanism directly. Decided by the first token, and then the
     * only record of it: the state says how far the exchange went, this how its tokens look.
     */
    private boolean direct;

    NegotiateAcceptor(
            NegotiateConfig config,
            Function<MechOid, Optional<Mechanism>> mechanisms,
            NegotiateCredential credential,
            ContextRequest request) {
        super(config, mechanisms, credential, request);
    }

    @Override
    public boolean isInitiator() {
        return false;
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** True when the initiator spoke Kerberos or NTLM directly instead of SPNEGO. */
    public synchronized boolean isDirect() {
        return direct;
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        if (state == State.DISPOSED) {
            throw disposed();
        }
        if (state == State.ESTABLISHED || state == State.FAILED) {
            throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "Negotiate acceptor stepped in state " + state);
        }
        try {
            if (input == null || input.length == 0) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "the Negotiate acceptor needs a token");
            }
            Step out = state == State.INITIAL ? first(input) : direct ? direct(input) : later(parseResp(input));
            return out;
        } catch (NegotiateException | RuntimeException e) {
            state = State.FAILED;
            debug("Negotiate acceptor failed: {0}", e.getMessage());
            throw e;
        }
    }

    /** {@link #dispose()}: the terminal state, after which every step is refused. */
    @Override
    void enterDisposed() {
        state = State.DISPOSED;
    }

    // ------------------------------------------------------------ stage 1: the initiator's first token

    private Step first(byte[] input) throws NegotiateException {
        byte[] body = input;
        if (startsWith(input, NTLMSSP)) {
            return startDirect(MechOid.NTLM, input);
        }
        if (GssFraming.looksFramed(input)) {
            GssFraming.Framed framed = GssFraming.unwrap(input);
            MechOid oid = framed.mechanism()
                    .orElseThrow(() ->
                            new NegotiateException(Failure.INVALID_TOKEN, "a framed token of an unknown mechanism"));
            if (oid.isKerberos()) {
                return startDirect(oid, framed.inner());
            }
            if (oid != MechOid.SPNEGO) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "a framed " + oid + " token sent to Negotiate");
            }
            body = framed.inner();
        }
        NegotiationToken t = NegotiationToken.decode(body);
        if (t instanceof NegTokenResp resp) {
            return resume(resp);
        }
        if (!(t instanceof NegTokenInit init)) {
            throw new NegotiateException(
                    Failure.OUT_OF_SEQUENCE,
                    "a " + t.getClass().getSimpleName() + " cannot start a Negotiate exchange at the acceptor");
        }
        return negotiate(init);
    }

    /** The initiator's NegTokenInit: choose a mechanism, then take its optimistic token or counter-propose. */
    private Step negotiate(NegTokenInit init) throws NegotiateException {
        debug("Negotiate acceptor received {0}", init);
        MechTypeList list = init.mechTypes();
        mic.protect(list.der());
        int index = choose(list);
        MechOid chosen = list.mechanism(index).orElseThrow();
        MechContext context;
        try {
            context = mechanismFor(chosen).acceptor(chosen, credentialFor(chosen), request);
        } catch (NegotiateException e) {
            throw rejected(e, null);
        }
        useInner(chosen, context);
        state = State.AWAIT_TOKEN;
        Optional<byte[]> optimistic = init.mechToken();
        // RFC 4178 5 (c): not the initiator's first choice, or no optimistic token to prove it
        boolean counterProposal = index != 0 || optimistic.isEmpty();
        if (counterProposal) {
            mic.require();
        }
        context.insideNegotiation(mic.kept());
        if (counterProposal) {
            debug(
                    "Negotiate acceptor chooses {0} (position {1}): counter-proposal, mechListMIC required",
                    chosen, index);
            return Step.continueWith(NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, chosen, null, null)
                    .encode());
        }
        debug("Negotiate acceptor chooses {0} and takes the optimistic token", chosen);
        byte[] out = driveInner(optimistic.get());
        return emit(init.mechListMic(), out, chosen);
    }

    /**
     * A NegTokenResp as the first token: the last leg of an NTLM exchange whose first legs another acceptor of this
     * process answered. The NTLM acceptor finds that handshake (or refuses), and with it this side's first-leg state.
     */
    private Step resume(NegTokenResp token) throws NegotiateException {
        debug("Negotiate acceptor received {0} without a context: resuming", token);
        Optional<byte[]> response = token.responseToken();
        if (response.isEmpty() || !isNtlmAuthenticate(response.get())) {
            throw new NegotiateException(
                    Failure.OUT_OF_SEQUENCE,
                    "a NegTokenResp cannot start a Negotiate exchange"
                            + " at the acceptor unless it carries an NTLM AUTHENTICATE_MESSAGE of an exchange begun here");
        }
        if (token.supportedMech().isPresent()
                && MechOid.ofDotted(token.supportedMech().get()).orElse(null) != MechOid.NTLM) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "the initiator names " + token.supportedMech().get() + " with an NTLM token");
        }
        if (!usable(MechOid.NTLM)) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "an NTLM token, but NTLM is not usable here");
        }
        MechContext context = mechanismFor(MechOid.NTLM).acceptor(MechOid.NTLM, credentialFor(MechOid.NTLM), request);
        context.insideNegotiation(null);
        useInner(MechOid.NTLM, context);
        state = State.AWAIT_TOKEN;
        byte[] out = driveInner(response.get());
        byte[] kept = inner.resumedOuterState()
                .orElseThrow(() -> new NegotiateException(
                        Failure.INTERNAL_ERROR,
                        "the NTLM acceptor resumed a handshake without the Negotiate state kept with it"));
        mic.restore(kept);
        return emit(token.mechListMic(), out, null);
    }

    /**
     * The position of the first of the initiator's mechanisms this side can serve; none (or an empty list) is a
     * negState=reject.
     */
    private int choose(MechTypeList list) throws NegotiateException {
        if (list.isEmpty()) {
            throw rejected(new NegotiateException(Failure.INVALID_TOKEN, "the initiator offered no mechanism"), null);
        }
        for (int i = 0; i < list.size(); i++) {
            Optional<MechOid> m = list.mechanism(i);
            if (m.isPresent() && m.get() != MechOid.SPNEGO && usable(m.get())) {
                return i;
            }
        }
        throw rejected(
                new NegotiateException(
                        Failure.UNSUPPORTED_FUNCTION,
                        "none of the initiator's mechanisms "
                                + list + " is usable here (configured " + config.mechanisms() + ", credentials "
                                + credential.acquired().keySet() + ")"),
                null);
    }

    /** The first token of an initiator that skips SPNEGO: bare (a raw NTLMSSP message, an unframed Kerberos one). */
    private Step startDirect(MechOid oid, byte[] bare) throws NegotiateException {
        if (!usable(oid)) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION, "a raw " + oid + " token, but that mechanism is not usable here");
        }
        debug("Negotiate acceptor: the initiator speaks {0} directly, without SPNEGO", oid);
        useInner(oid, mechanismFor(oid).acceptor(oid, credentialFor(oid), request));
        direct = true; // and no mechListMIC: there is no mechanism list to protect
        state = State.AWAIT_TOKEN;
        return directStep(bare);
    }

    private Step direct(byte[] input) throws NegotiateException {
        return directStep(innerInput(innerOid, input));
    }

    private Step directStep(byte[] bare) throws NegotiateException {
        byte[] out = inner.step(bare).token();
        byte[] framed = out.length == 0 ? out : frameInner(innerOid, out);
        if (inner.isEstablished()) {
            state = State.ESTABLISHED;
            debug("Negotiate acceptor established with {0} directly", innerOid);
            return Step.done(framed);
        }
        return Step.continueWith(framed);
    }

    // ------------------------------------------------------------ stage 2: later tokens

    private Step later(NegTokenResp token) throws NegotiateException {
        debug("Negotiate acceptor received {0}", token);
        if (token.negState().orElse(null) == NegState.REJECT) {
            throw new NegotiateException(Failure.LOGON_DENIED, "the initiator abandoned the Negotiate exchange");
        }
        if (token.supportedMech().isPresent()
                && MechOid.ofDotted(token.supportedMech().get())
                                .map(NegotiateCredential::family)
                                .orElse(null)
                        != NegotiateCredential.family(innerOid)) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "the initiator names " + token.supportedMech().get() + " but " + innerOid + " was chosen");
        }
        byte[] out = new byte[0];
        Optional<byte[]> response = token.responseToken();
        if (response.isPresent()) {
            if (inner.isEstablished()) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN, "a responseToken for " + innerOid + ", which is already established");
            }
            out = driveInner(response.get());
        } else if (!inner.isEstablished()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "no responseToken while " + innerOid + " is not established");
        }
        return emit(token.mechListMic(), out, null);
    }

    /** Steps the inner acceptor; its failure becomes a negState=reject carrying its error token. */
    private byte[] driveInner(byte[] framedOrRaw) throws NegotiateException {
        try {
            return inner.step(innerInput(innerOid, framedOrRaw)).token();
        } catch (NegotiateException e) {
            throw rejected(e, innerOid);
        }
    }

    // ------------------------------------------------------------ stages 3 and 4: mechListMIC and output

    /**
     * Decides what the initiator owes and what to answer. When a MIC is required and the inner mechanism
     * finished here: if the initiator's MIC came, ours goes back with accept-completed; if the inner
     * mechanism still has a token for the initiator (a Kerberos AP-REP), ours goes with it and the
     * initiator's MIC is awaited; if neither, the initiator finished without its MIC: downgrade.
     */
    private Step emit(Optional<byte[]> peerMic, byte[] innerOut, MechOid supportedMech) throws NegotiateException {
        mic.requireIfInnerDoes(inner, innerOid);
        if (peerMic.isPresent()) {
            mic.verifyPeer(inner, innerOid, peerMic.get());
        }
        byte[] responseToken = innerOut.length == 0 ? null : frameInner(innerOid, innerOut);
        if (!inner.isEstablished()) {
            return Step.continueWith(NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, supportedMech, responseToken, null)
                    .encode());
        }
        if (!mic.isNeeded()) {
            state = State.ESTABLISHED;
            debug("Negotiate acceptor established with {0} (no mechListMIC needed)", innerOid);
            return Step.done(NegTokenResp.of(NegState.ACCEPT_COMPLETED, supportedMech, responseToken, null)
                    .encode());
        }
        if (!mic.peerVerified() && innerOut.length == 0) {
            throw MechListMicExchange.missing("initiator");
        }
        byte[] ownMic = mic.ownIfOwed(inner).orElse(null);
        if (mic.peerVerified()) {
            state = State.ESTABLISHED;
            debug("Negotiate acceptor established with {0} (mechListMIC exchanged)", innerOid);
            if (ownMic == null && responseToken == null) {
                return Step.done(new byte[0]);
            }
            return Step.done(NegTokenResp.of(NegState.ACCEPT_COMPLETED, supportedMech, responseToken, ownMic)
                    .encode());
        }
        return Step.continueWith(NegTokenResp.of(NegState.ACCEPT_INCOMPLETE, supportedMech, responseToken, ownMic)
                .encode());
    }

    /** An NTLMSSP message of type 3 (MS-NLMP 2.2.1.3); the NTLM acceptor reads it strictly. */
    private static boolean isNtlmAuthenticate(byte[] token) {
        return startsWith(token, NTLMSSP)
                && token.length >= 12
                && token[8] == 3
                && token[9] == 0
                && token[10] == 0
                && token[11] == 0;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }
}
