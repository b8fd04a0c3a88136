package org.jnegotiate.sspi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenLog;

/**
 * The context behind a CtxtHandle, shared by both SSPI layers: drives the engine's {@link MechContext}
 * through the InitializeSecurityContext/AcceptSecurityContext loop and keeps the life cycle (re-authentication on
 * an established context, deletion after any failure). Its parts: {@link RequestChecks} (what a call may ask),
 * {@link TokenFraming} (the framing where Windows puts it), {@link ReturnedFlags} (the ISC_RET/ASC_RET attributes).
 * "The ISC page" below is Microsoft's InitializeSecurityContext (Negotiate) documentation.
 */
final class SecurityContext {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.sspi");
    private static final byte[] NONE = new byte[0];

    enum Phase {
        NEW,
        IN_PROGRESS,
        COMPLETE_NEEDED,
        ESTABLISHED,
        FAILED,
        DELETED
    }

    /** One call's input. {@code flags} are ISC_REQ bits (initiator) or ASC_REQ bits (acceptor). */
    record StepInput(byte[] token, int flags, ChannelBindings bindings, SecWinntAuthIdentity suppliedIdentity) {}

    /** One call's result: the token to send, the SEC_E_OK/SEC_I_* status, attributes and expiry. */
    record StepOutput(byte[] token, int status, int attributes, Optional<Instant> expiry) {}

    /**
     * One exchange of the loop, the first or a re-authentication: the mechanism context it runs on, the request bits
     * of the call that opened it, and whether it runs on the identity of ISC_REQ_USE_SUPPLIED_CREDS.
     */
    private record Exchange(MechContext context, int flags, boolean suppliedUsed) {}

    private final Engine engine;
    private final Credentials credentials;
    private final boolean initiator;
    private final PeerName target;
    /** How this context's token records start: the package and the call ("Negotiate ISC"). */
    private final String door;

    private Phase phase = Phase.NEW;
    /** The exchange whose context per-message calls use. */
    private Exchange established;
    /** The exchange in progress: the first one, or a re-authentication. */
    private Exchange pending;
    /** How tokens are framed, once an exchange was opened. */
    private TokenFraming framing;
    /** The request bits of the latest exchange opened. */
    private int requestFlags;

    private int tokensOut;
    private int attributes;
    private MechCredential suppliedCredential;
    private Instant started;

    private SecurityContext(Engine engine, Credentials credentials, boolean initiator, PeerName target) {
        this.engine = engine;
        this.credentials = credentials;
        this.initiator = initiator;
        this.target = target;
        this.door = credentials.pkg().packageName() + (initiator ? " ISC" : " ASC");
        credentials.retain();
    }

    static SecurityContext initiator(Engine engine, Credentials credentials, PeerName target) {
        return new SecurityContext(engine, credentials, true, target);
    }

    static SecurityContext acceptor(Engine engine, Credentials credentials) {
        return new SecurityContext(engine, credentials, false, null);
    }

    boolean isInitiator() {
        return initiator;
    }

    synchronized Phase phase() {
        return phase;
    }

    SecurityPackage pkg() {
        return credentials.pkg();
    }

    int maxTokenSize() {
        return engine.config().maxTokenSize();
    }

    // ---- the loop ----

    synchronized StepOutput step(StepInput in) throws SspiException {
        checkSteppable();
        byte[] token = in.token() == null ? NONE : in.token();
        RequestChecks.checkToken(token, maxTokenSize(), initiator);
        boolean opening = pending == null;
        if (initiator) {
            RequestChecks.checkInitiator(in, pkg(), engine, opening);
        }
        try {
            if (opening) {
                pending = open(in);
            }
            byte[] mechInput = framing.in(token);
            TokenLog.trace(LOG, door, "step in", token);
            Step s = pending.context().step(mechInput);
            if (opening && initiator) {
                RequestChecks.checkDelegationPossible(in.flags(), pkg(), pending.context());
            }
            byte[] out = framing.out(s.token(), tokensOut == 0);
            tokensOut += out.length > 0 ? 1 : 0;
            TokenLog.trace(LOG, door, "step out", out);
            return finish(s, out);
        } catch (NegotiateException e) {
            byte[] errorToken = errorTokenFor(e, in.flags());
            fail();
            throw new SspiException(e, errorToken);
        } catch (RuntimeException e) {
            fail();
            throw SspiException.internal(e);
        }
    }

    /**
     * The engine's token for the peer with a failure (an SPNEGO reject), handed out only when the caller asked
     * for ISC_REQ_EXTENDED_ERROR / ASC_REQ_EXTENDED_ERROR, as Windows does.
     */
    private byte[] errorTokenFor(NegotiateException e, int flags) {
        int bit = initiator ? IscReq.ISC_REQ_EXTENDED_ERROR : AscReq.ASC_REQ_EXTENDED_ERROR;
        if ((flags & bit) == 0) {
            return null;
        }
        return e.errorToken()
                .map(t -> framing == null ? t : framing.errorToken(t))
                .orElse(null);
    }

    private void checkSteppable() throws SspiException {
        switch (phase) {
            case DELETED:
                throw new SspiException(Failure.INVALID_HANDLE, "the context was deleted");
            case FAILED:
                throw new SspiException(Failure.OUT_OF_SEQUENCE, "the context failed; delete it");
            case COMPLETE_NEEDED:
                throw new SspiException(Failure.OUT_OF_SEQUENCE, "call CompleteAuthToken first");
            default:
        }
    }

    /** Opens the mechanism context of a new exchange (the first, or a re-authentication). */
    private Exchange open(StepInput in) throws NegotiateException {
        MechOid mech = pkg().mechanism();
        MechCredential cred;
        boolean supplied = initiator && (in.flags() & IscReq.ISC_REQ_USE_SUPPLIED_CREDS) != 0;
        if (supplied) {
            if (suppliedCredential != null) {
                suppliedCredential.dispose();
            }
            suppliedCredential = acquireSupplied(in.suppliedIdentity());
            cred = suppliedCredential;
        } else {
            cred = credentials.forMech(mech);
        }
        ContextRequest request = initiator
                ? SspiTranslation.toContextRequest(in.flags(), target, in.bindings())
                : SspiTranslation.toAcceptorRequest(in.flags(), in.bindings());
        MechContext context = initiator
                ? engine.mechanism(mech).initiator(mech, cred, request)
                : engine.mechanism(mech).acceptor(mech, cred, request);
        framing = new TokenFraming(mech, initiator);
        requestFlags = in.flags();
        tokensOut = 0;
        if (started == null) {
            started = engine.clock().instant();
        }
        if (phase == Phase.NEW) {
            phase = Phase.IN_PROGRESS;
        }
        return new Exchange(context, in.flags(), supplied);
    }

    private MechCredential acquireSupplied(SecWinntAuthIdentity id) throws NegotiateException {
        if (!id.hasPassword()) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "the supplied identity has no password");
        }
        char[] pw = id.password();
        try {
            return engine.mechanism(pkg().mechanism())
                    .acquire(Credentials.request(Credentials.nameOf(pkg(), id), MechCredential.Usage.INITIATE)
                            .withPassword(pw));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private StepOutput finish(Step s, byte[] out) {
        int status = s.status().sspiStatus();
        boolean done = s.status() == Status.OK || s.status() == Status.COMPLETE_NEEDED;
        if (done) {
            promote();
            if (s.status() == Status.COMPLETE_NEEDED) {
                phase = Phase.COMPLETE_NEEDED;
            }
            attributes = ReturnedFlags.established(
                    initiator, pkg(), established.flags(), established.context().granted(), established.suppliedUsed());
        } else {
            attributes = ReturnedFlags.intermediate(initiator, pending.flags());
        }
        Optional<Instant> expiry = done ? established.context().expiry() : Optional.empty();
        return new StepOutput(out, status, attributes, expiry);
    }

    /** The pending exchange becomes the established one; a re-authenticated context replaces the old. */
    private void promote() {
        if (established != null && established.context() != pending.context()) {
            established.context().dispose();
        }
        established = pending;
        pending = null;
        phase = Phase.ESTABLISHED;
    }

    private void fail() {
        phase = Phase.FAILED;
        disposeMech();
    }

    // ---- after the loop ----

    synchronized int completeAuthToken() throws SspiException {
        if (phase == Phase.DELETED) {
            throw new SspiException(Failure.INVALID_HANDLE, "the context was deleted");
        }
        if (phase == Phase.COMPLETE_NEEDED) {
            phase = Phase.ESTABLISHED;
        }
        return SecStatus.SEC_E_OK;
    }

    /** The established context, for per-message calls and queries. */
    synchronized MechContext establishedContext() throws SspiException {
        if (phase == Phase.DELETED) {
            throw new SspiException(Failure.INVALID_HANDLE, "the context was deleted");
        }
        if (established == null || phase == Phase.FAILED || phase == Phase.COMPLETE_NEEDED) {
            throw new SspiException(Failure.INVALID_HANDLE, "the context is not established");
        }
        return established.context();
    }

    /** The context the latest exchange runs on (pending or established), if any. */
    synchronized Optional<MechContext> currentContext() {
        Exchange e = pending != null ? pending : established;
        return Optional.ofNullable(e == null ? null : e.context());
    }

    synchronized boolean isEstablished() {
        return established != null && phase == Phase.ESTABLISHED;
    }

    synchronized int attributes() {
        return attributes;
    }

    synchronized boolean stream() {
        int f = established != null ? established.flags() : requestFlags;
        return initiator ? (f & IscReq.ISC_REQ_STREAM) != 0 : (f & AscReq.ASC_REQ_STREAM) != 0;
    }

    synchronized Set<ContextFlag> granted() {
        return established == null
                ? Collections.unmodifiableSet(EnumSet.noneOf(ContextFlag.class))
                : established.context().granted();
    }

    synchronized Optional<Instant> started() {
        return Optional.ofNullable(started);
    }

    /** The package the context actually runs: the negotiated one under Negotiate when the door knows it. */
    synchronized SecurityPackage negotiatedPackage() {
        MechContext m = current();
        if (m == null) {
            return pkg();
        }
        return m.negotiatedMechanism().map(SecurityPackage::ofMechanism).orElse(pkg());
    }

    /** Negotiate: why Kerberos was dropped for NTLM before the first token, if it was. */
    synchronized Optional<NegotiateException> fallbackReason() {
        MechContext m = current();
        return m == null ? Optional.empty() : m.fallbackReason();
    }

    /** DeleteSecurityContext: false when it was already deleted. */
    synchronized boolean delete() {
        if (phase == Phase.DELETED) {
            return false;
        }
        disposeMech();
        phase = Phase.DELETED;
        credentials.release();
        return true;
    }

    /** The context of the established exchange, else the pending one's, else null. */
    private MechContext current() {
        Exchange e = established != null ? established : pending;
        return e == null ? null : e.context();
    }

    private void disposeMech() {
        if (pending != null) {
            pending.context().dispose();
            pending = null;
        }
        if (established != null) {
            established.context().dispose();
            established = null;
        }
        if (suppliedCredential != null) {
            suppliedCredential.dispose();
            suppliedCredential = null;
        }
    }
}
