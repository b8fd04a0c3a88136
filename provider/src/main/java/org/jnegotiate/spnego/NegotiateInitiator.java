package org.jnegotiate.spnego;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenInit2;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;

/**
 * The Negotiate initiator (InitializeSecurityContext with the Negotiate package): offers the usable
 * mechanisms in Windows' order (MS-KRB5, KRB5, NTLM), sends the optimistic token of the first, falls back
 * to NTLM locally when Kerberos cannot even start, follows the acceptor's counter-proposal, and runs the
 * mechListMIC exchange of RFC 4178 section 5 when it is needed.
 *
 * <p><b>Failures after the NegTokenInit went out</b> carry a NegTokenResp with negState=reject in
 * {@link NegotiateException#errorToken()} (with the inner mechanism's error token, if it has one), so that the
 * acceptor learns that the exchange is over (it waits for this side's next token or, after accept-completed, holds a
 * context whose AP-REP or mechListMIC this side refused): RFC 4178 section 4.2.2 defines
 * the NegTokenResp for every later message of either side, and MIT's SPNEGO initiator sends the same token
 * (ERROR_TOKEN_SEND in spnego_gss_init_sec_context). Not after the acceptor's own reject, which ended the exchange,
 * and not for a failure of the first call, when the acceptor has heard nothing yet. The SSPI door hands the token
 * out under ISC_REQ_EXTENDED_ERROR; the GSS-API has no output token with a failure.
 */
public final class NegotiateInitiator extends NegotiateContext {

    /**
     * Failures of Kerberos before anything was sent that let Negotiate use NTLM instead (in the manner of
     * sspi-rs's NTLM_FALLBACK_ERROR_KINDS): no ticket could be had, no KDC answered, or the KDC does not
     * know the target. Anything else (a bad password, a clock skew) is reported, not hidden by NTLM.
     */
    public static final Set<Failure> NTLM_FALLBACK_FAILURES = Collections.unmodifiableSet(
            EnumSet.of(Failure.NO_CREDENTIALS, Failure.NO_AUTHENTICATING_AUTHORITY, Failure.TARGET_UNKNOWN));

    /** IPv4 literals and anything with a colon (IPv6 literals): hosts Kerberos has no SPN for. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private enum State {
        /** Nothing sent yet (or a server-initiated NegTokenInit2 is the input). */
        INITIAL,
        /** The NegTokenInit went out; the acceptor's first NegTokenResp names its choice. */
        AWAIT_FIRST_REPLY,
        /** The chosen mechanism is running, or the MICs are being exchanged. */
        AWAIT_REPLY,
        ESTABLISHED,
        FAILED,
        /** {@link #dispose()} was called: nothing more is possible. */
        DISPOSED
    }

    private State state = State.INITIAL;
    /** The mechanisms offered, in order. */
    private List<MechOid> offered = List.of();
    /** Why a mechanism was dropped before anything was sent (logged, and kept for diagnostics). */
    private NegotiateException fallbackReason;
    /** The negState of the last reply (RFC 4178: an absent negState keeps the last one). */
    private NegState lastState = NegState.ACCEPT_INCOMPLETE;
    /** The acceptor ended the exchange with negState=reject: it expects nothing more from this side. */
    private boolean acceptorRejected;

    NegotiateInitiator(
            NegotiateConfig config,
            Function<MechOid, Optional<Mechanism>> mechanisms,
            NegotiateCredential credential,
            ContextRequest request) {
        super(config, mechanisms, credential, request);
    }

    @Override
    public boolean isInitiator() {
        return true;
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** Why Kerberos was dropped in favour of NTLM before the first token, if it was. */
    @Override
    public synchronized Optional<NegotiateException> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        if (state == State.DISPOSED) {
            throw disposed();
        }
        if (state == State.ESTABLISHED || state == State.FAILED) {
            throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "Negotiate initiator stepped in state " + state);
        }
        boolean acceptorHeardUs = state != State.INITIAL; // the NegTokenInit went out
        try {
            Step out = state == State.INITIAL ? start(input) : onReply(parseReply(input));
            return out;
        } catch (NegotiateException e) {
            state = State.FAILED;
            debug("Negotiate initiator failed: {0}", e.getMessage());
            throw acceptorHeardUs && !acceptorRejected ? rejected(e, innerOid) : e;
        } catch (RuntimeException e) {
            state = State.FAILED;
            debug("Negotiate initiator failed: {0}", e.getMessage());
            throw e;
        }
    }

    /** {@link #dispose()}: the terminal state, after which every step is refused. */
    @Override
    void enterDisposed() {
        state = State.DISPOSED;
    }

    // ------------------------------------------------------------ stage 1: the first token

    private Step start(byte[] input) throws NegotiateException {
        Optional<MechTypeList> hints = serverHints(input);
        List<MechOid> candidates = offerList(hints);
        byte[] first = startFirstMechanism(candidates);
        MechTypeList list = MechTypeList.of(offered);
        mic.protect(list.der());
        debug("Negotiate initiator offers {0}, optimistic token of {1}", offered, innerOid);
        state = State.AWAIT_FIRST_REPLY;
        return Step.continueWith(NegTokenInit.of(list, first.length == 0 ? null : frameInner(innerOid, first))
                .encode());
    }

    /** A server that speaks first (SMB, HTTP 401 with a token) sends a NegTokenInit2 naming its mechanisms. */
    private static Optional<MechTypeList> serverHints(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            return Optional.empty();
        }
        NegotiationToken t = NegotiationToken.decode(input);
        if (t instanceof NegTokenInit2 init2) {
            debug("Negotiate initiator: the acceptor spoke first and offers {0}", init2.mechTypes());
            return Optional.of(init2.mechTypes());
        }
        if (t instanceof NegTokenInit init) {
            return Optional.of(init.mechTypes());
        }
        throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "a NegTokenResp cannot start a Negotiate exchange");
    }

    /**
     * The usable mechanisms in Windows' order within the configured families; when the acceptor gave hints,
     * only those it supports (unless that leaves none: then the acceptor will say no itself).
     */
    private List<MechOid> offerList(Optional<MechTypeList> hints) throws NegotiateException {
        List<MechOid> list = new ArrayList<>();
        for (MechOid family : config.mechanisms()) {
            List<MechOid> oids = family.isKerberos() ? List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS) : List.of(family);
            for (MechOid oid : oids) {
                if (usable(oid)) {
                    list.add(oid);
                }
            }
        }
        if (hints.isPresent()) {
            List<MechOid> supported = hints.get().known();
            boolean peerKerberos = supported.stream().anyMatch(MechOid::isKerberos);
            List<MechOid> common = new ArrayList<>(list);
            common.removeIf(m -> !(supported.contains(m) || (m.isKerberos() && peerKerberos)));
            if (!common.isEmpty()) {
                list = common;
            }
        }
        if (list.isEmpty()) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "Negotiate has no usable mechanism: credentials for "
                            + credential.acquired().keySet() + ", configured " + config.mechanisms()
                            + ", failures " + credential.failures().keySet());
        }
        return list;
    }

    /**
     * Opens the first mechanism and makes its first token; Kerberos that cannot start for a reason in
     * {@link #NTLM_FALLBACK_FAILURES} (or because the target is an IP address) is dropped from the list
     * when NTLM fallback is allowed and another mechanism remains.
     */
    private byte[] startFirstMechanism(List<MechOid> candidates) throws NegotiateException {
        List<MechOid> remaining = new ArrayList<>(candidates);
        while (true) {
            MechOid oid = remaining.get(0);
            try {
                if (oid.isKerberos() && targetIsIpAddress()) {
                    throw new NegotiateException(
                            Failure.TARGET_UNKNOWN,
                            "the target " + request.target().get()
                                    + " is an IP address, for which Kerberos has no service principal");
                }
                MechContext context = mechanismFor(oid).initiator(oid, credentialFor(oid), request);
                useInner(oid, context);
                byte[] first = context.step(null).token();
                offered = List.copyOf(remaining);
                return first;
            } catch (NegotiateException e) {
                boolean others = remaining.stream().anyMatch(m -> !m.isKerberos());
                if (!oid.isKerberos()
                        || !NTLM_FALLBACK_FAILURES.contains(e.failure())
                        || !config.ntlmFallback()
                        || !others) {
                    throw e;
                }
                fallbackReason = e;
                if (inner != null) {
                    inner.dispose();
                    inner = null;
                    innerOid = null;
                }
                remaining.removeIf(MechOid::isKerberos);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Negotiate initiator falls back from Kerberos to {0}: {1}",
                        remaining.get(0),
                        e.getMessage());
            }
        }
    }

    private boolean targetIsIpAddress() {
        Optional<PeerName> target = request.target();
        if (target.isEmpty()) {
            return false;
        }
        String name = target.get().name();
        String host;
        if (target.get().type() == PeerName.Type.HOSTBASED_SERVICE) {
            int at = name.indexOf('@');
            host = at < 0 ? "" : name.substring(at + 1);
        } else {
            int slash = name.indexOf('/');
            int at = name.lastIndexOf('@');
            host = slash < 0 ? "" : name.substring(slash + 1, at > slash ? at : name.length());
        }
        if (host.contains(":")) {
            return true;
        }
        // a DNS name ends with a letter (top-level domains are alphabetic): the regex only for the rest
        return !host.isEmpty()
                && Character.isDigit(host.charAt(host.length() - 1))
                && IPV4.matcher(host).matches();
    }

    // ------------------------------------------------------------ stage 2: the acceptor's replies

    private static NegTokenResp parseReply(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the Negotiate initiator expected a NegTokenResp," + " got nothing");
        }
        return parseResp(input);
    }

    private Step onReply(NegTokenResp reply) throws NegotiateException {
        boolean firstReply = state == State.AWAIT_FIRST_REPLY;
        if (firstReply && reply.negState().isEmpty()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "the acceptor's first NegTokenResp has no negState");
        }
        NegState negState = reply.negState().orElse(lastState);
        lastState = negState;
        debug("Negotiate initiator received {0}", reply);
        if (negState == NegState.REJECT) {
            acceptorRejected = true;
            throw rejectedBy(reply);
        }
        if (!firstReply) {
            checkLaterReply(reply);
        }
        Optional<byte[]> switched = firstReply ? followChoice(reply, negState) : Optional.empty();
        byte[] innerOut = switched.isPresent() ? switched.get() : driveInner(reply);
        return emit(reply, negState, innerOut);
    }

    /** The acceptor refused; the inner mechanism's error token, if any, says why in its own terms. */
    private NegotiateException rejectedBy(NegTokenResp reply) throws NegotiateException {
        Optional<byte[]> token = reply.responseToken();
        if (token.isPresent() && inner != null && !inner.isEstablished()) {
            try {
                inner.step(innerInput(innerOid, token.get()));
            } catch (NegotiateException e) {
                return e;
            }
        }
        return new NegotiateException(
                Failure.LOGON_DENIED,
                "the acceptor rejected the Negotiate exchange" + (innerOid == null ? "" : " (" + innerOid + ")"));
    }

    /**
     * The first reply names the acceptor's choice. The same mechanism (either Kerberos OID for Kerberos)
     * means the optimistic token was taken; another one from our list means it was dropped: switch, start
     * that mechanism afresh, and owe a MIC. Returns the new mechanism's first token on a switch, empty when the
     * optimistic mechanism was taken.
     */
    private Optional<byte[]> followChoice(NegTokenResp reply, NegState negState) throws NegotiateException {
        if (negState == NegState.REQUEST_MIC) {
            mic.require();
        }
        String dotted = reply.supportedMech()
                .orElseThrow(() -> new NegotiateException(
                        Failure.INVALID_TOKEN, "the acceptor's first NegTokenResp has no supportedMech"));
        MechOid chosen = MechOid.ofDotted(dotted)
                .filter(offered::contains)
                .orElseThrow(() -> new NegotiateException(
                        Failure.INVALID_TOKEN, "the acceptor chose " + dotted + ", which was not offered"));
        state = State.AWAIT_REPLY;
        if (NegotiateCredential.family(chosen) == NegotiateCredential.family(innerOid)) {
            debug("Negotiate initiator: the acceptor took {0} (optimistic token used)", chosen);
            return Optional.empty();
        }
        if (negState == NegState.ACCEPT_COMPLETED || reply.responseToken().isPresent()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "the acceptor switched to " + chosen
                            + " but claims progress in it (negState " + negState + ", responseToken "
                            + reply.responseToken().isPresent() + ")");
        }
        debug("Negotiate initiator: the acceptor counter-proposes {0} instead of {1}", chosen, innerOid);
        MechContext context = mechanismFor(chosen).initiator(chosen, credentialFor(chosen), request);
        useInner(chosen, context);
        mic.require(); // RFC 4178 5 (c): not the initiator's first choice
        return Optional.of(context.step(null).token());
    }

    private void checkLaterReply(NegTokenResp reply) throws NegotiateException {
        if (reply.supportedMech().isPresent()
                && MechOid.ofDotted(reply.supportedMech().get())
                                .map(NegotiateCredential::family)
                                .orElse(null)
                        != NegotiateCredential.family(innerOid)) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "the acceptor changed its choice to "
                            + reply.supportedMech().get() + " after " + innerOid);
        }
        if (reply.negState().orElse(null) == NegState.REQUEST_MIC) {
            mic.require();
        }
    }

    private byte[] driveInner(NegTokenResp reply) throws NegotiateException {
        Optional<byte[]> token = reply.responseToken();
        if (token.isEmpty()) {
            return new byte[0];
        }
        if (inner.isEstablished()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "a responseToken for " + innerOid + ", which is already established");
        }
        return inner.step(innerInput(innerOid, token.get())).token();
    }

    // ------------------------------------------------------------ stages 3 and 4: mechListMIC and output

    private Step emit(NegTokenResp reply, NegState negState, byte[] innerOut) throws NegotiateException {
        mic.requireIfInnerDoes(inner, innerOid);
        Optional<byte[]> peerMic = reply.mechListMic();
        if (peerMic.isPresent()) {
            mic.verifyPeer(inner, innerOid, peerMic.get());
        }
        Optional<byte[]> ownMic = mic.ownIfOwed(inner);
        boolean innerDone = inner.isEstablished();
        if (negState == NegState.ACCEPT_COMPLETED) {
            checkAcceptorDone(innerDone);
        }
        // after its last inner token (an NTLM AUTHENTICATE without MIC) the initiator still waits for the
        // acceptor's verdict, as MIT's init_ctx_call_init does: done only with nothing of the mechanism to send
        boolean done = innerDone && mic.peerDone() && innerOut.length == 0;
        boolean somethingToSend = innerOut.length > 0 || ownMic.isPresent();
        if (!done && !somethingToSend && negState != NegState.ACCEPT_COMPLETED) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the acceptor sent nothing for " + innerOid + " to continue with");
        }
        byte[] out = somethingToSend
                ? new NegTokenResp(
                                Optional.empty(),
                                Optional.empty(),
                                innerOut.length > 0 ? Optional.of(frameInner(innerOid, innerOut)) : Optional.empty(),
                                ownMic)
                        .encode()
                : new byte[0];
        if (done) {
            state = State.ESTABLISHED;
            debug(
                    "Negotiate initiator established with {0} (mechListMIC {1}){2}",
                    innerOid,
                    mic.isNeeded() ? "exchanged" : "not needed",
                    fallbackReason == null ? "" : ", after falling back: " + fallbackReason.getMessage());
            return Step.done(out);
        }
        return Step.continueWith(out);
    }

    /** The acceptor says accept-completed: its mechanism must be done here too, and its MIC in if one is needed. */
    private void checkAcceptorDone(boolean innerDone) throws NegotiateException {
        if (!innerDone) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the acceptor says it is done but " + innerOid + " is not established here");
        }
        if (!mic.peerDone()) {
            throw MechListMicExchange.missing("acceptor");
        }
    }
}
