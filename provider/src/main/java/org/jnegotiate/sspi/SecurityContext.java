package org.jnegotiate.sspi;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.TokenLog;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;

/**
 * The context behind a CtxtHandle, shared by both SSPI layers: drives the engine's {@link MechContext}
 * through the InitializeSecurityContext/AcceptSecurityContext loop, frames tokens where Windows does, keeps the
 * ISC_RET/ASC_RET attributes and the life cycle (re-authentication on an established context, deletion after any
 * failure). "The ISC page" below is Microsoft's InitializeSecurityContext (Negotiate) documentation.
 */
final class SecurityContext {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.sspi");
    private static final byte[] NONE = new byte[0];

    enum Phase { NEW, IN_PROGRESS, COMPLETE_NEEDED, ESTABLISHED, FAILED, DELETED }

    /** One call's input. {@code flags} are ISC_REQ bits (initiator) or ASC_REQ bits (acceptor). */
    record StepInput(byte[] token, int flags, ChannelBindings bindings, SecWinntAuthIdentity suppliedIdentity) {
    }

    /** One call's result: the token to send, the SEC_E_OK/SEC_I_* status, attributes and expiry. */
    record StepOutput(byte[] token, int status, int attributes, Optional<Instant> expiry) {
    }

    private final Engine engine;
    private final Credentials credentials;
    private final boolean initiator;
    private final PeerName target;
    private Phase phase = Phase.NEW;
    /** The context per-message calls use. */
    private MechContext established;
    /** The exchange in progress: the first one, or a re-authentication. */
    private MechContext pending;
    /** The mechanism of the pending exchange as far as framing is concerned (SPNEGO, Kerberos or NTLM). */
    private MechOid pendingMech;
    private int pendingFlags;
    private int establishedFlags;
    private int tokensOut;
    private int attributes;
    private boolean suppliedUsed;
    private MechCredential suppliedCredential;
    private Instant started;

    private SecurityContext(Engine engine, Credentials credentials, boolean initiator, PeerName target) {
        this.engine = engine;
        this.credentials = credentials;
        this.initiator = initiator;
        this.target = target;
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
        if (token.length > maxTokenSize()) {
            throw new SspiException(Failure.INSUFFICIENT_MEMORY, "the input token has " + token.length
                    + " bytes, more than the configured maximum of " + maxTokenSize());
        }
        if (initiator) {
            checkInitiatorFlags(in);
        } else if (token.length == 0) {
            throw new SspiException(Failure.INVALID_TOKEN, "AcceptSecurityContext needs the client's token");
        }
        boolean opening = pending == null;
        try {
            if (opening) {
                open(in);
            }
            byte[] mechInput = unframeInput(token);
            log("step in", token);
            Step s = pending.step(mechInput);
            if (opening && initiator) {
                checkDelegationPossible(in.flags());
            }
            byte[] out = frameOutput(s.token());
            tokensOut += out.length > 0 ? 1 : 0;
            log("step out", out);
            return finish(s, out);
        } catch (NegotiateException e) {
            fail();
            throw new SspiException(e, errorTokenFor(e, in.flags()));
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
        return e.errorToken().map(t -> pendingMech != null && pendingMech.isKerberos()
                && !TokenFraming.looksFramed(t) ? TokenFraming.frame(MechOid.KERBEROS, t) : t).orElse(null);
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

    private void checkInitiatorFlags(StepInput in) throws SspiException {
        int f = in.flags();
        if ((f & IscReq.ISC_REQ_PROMPT_FOR_CREDS) != 0) {
            throw new SspiException(Failure.UNSUPPORTED_FUNCTION, "ISC_REQ_PROMPT_FOR_CREDS is not valid for "
                    + pkg().packageName() + ": there is no user to prompt");
        }
        if ((f & (IscReq.ISC_REQ_USE_SESSION_KEY | IscReq.ISC_REQ_USE_DCE_STYLE | IscReq.ISC_REQ_DATAGRAM)) != 0) {
            throw new SspiException(Failure.UNSUPPORTED_FUNCTION,
                    "user-to-user, DCE style and datagram contexts are not implemented");
        }
        if ((f & IscReq.ISC_REQ_DELEGATE) != 0 && !kerberosConfigured()) {
            throw new SspiException(Failure.UNSUPPORTED_FUNCTION,
                    "ISC_REQ_DELEGATE needs Kerberos, and only NTLM is possible here");
        }
        if ((f & IscReq.ISC_REQ_USE_SUPPLIED_CREDS) != 0 && in.suppliedIdentity() == null && pending == null) {
            throw new SspiException(Failure.NO_CREDENTIALS,
                    "ISC_REQ_USE_SUPPLIED_CREDS without a SECBUFFER_PKG_PARAMS buffer holding an identity");
        }
    }

    /** Whether the package can run Kerberos at all by its configuration (the credential is looked at later). */
    private boolean kerberosConfigured() {
        switch (pkg()) {
            case NTLM:
                return false;
            case KERBEROS:
                return true;
            default:
                return engine.find(MechOid.KERBEROS).isPresent() && engine.config().mechanisms().stream()
                        .anyMatch(MechOid::isKerberos);
        }
    }

    /**
     * ISC_REQ_DELEGATE is valid for Kerberos only (the ISC page: SEC_E_UNSUPPORTED_FUNCTION otherwise). Under Negotiate
     * the first call decides whether Kerberos can run at all: it does not when Kerberos has no credential (no ticket
     * cache, keytab or Subject credential, or Kerberos not configured), when it cannot start (no KDC, unknown SPN, an
     * IP address: the local fallback) or when an acceptor that spoke first offers NTLM only. Then the NegTokenInit of
     * that call carries NTLM, and the call fails instead of handing it out. An acceptor that later chooses NTLM over
     * the offered Kerberos is an outcome, not an invalid request: the context completes without ISC_RET_DELEGATE.
     */
    private void checkDelegationPossible(int flags) throws NegotiateException {
        if ((flags & IscReq.ISC_REQ_DELEGATE) == 0 || pkg() != SecurityPackage.NEGOTIATE) {
            return;
        }
        if (pending.negotiatedMechanism().orElse(null) == MechOid.NTLM) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "ISC_REQ_DELEGATE needs Kerberos, and only "
                    + "NTLM can run here (no usable Kerberos credential, or Kerberos cannot start)");
        }
    }

    /** Opens the mechanism context of a new exchange (the first, or a re-authentication). */
    private void open(StepInput in) throws NegotiateException {
        MechOid mech = pkg().mechanism();
        MechCredential cred;
        suppliedUsed = false;
        if (initiator && (in.flags() & IscReq.ISC_REQ_USE_SUPPLIED_CREDS) != 0) {
            if (suppliedCredential != null) {
                suppliedCredential.dispose();
            }
            suppliedCredential = acquireSupplied(in.suppliedIdentity());
            cred = suppliedCredential;
            suppliedUsed = true;
        } else {
            cred = credentials.forMech(mech);
        }
        ContextRequest request = initiator
                ? SspiTranslation.toContextRequest(in.flags(), target, in.bindings())
                : SspiTranslation.toAcceptorRequest(in.flags(), in.bindings());
        pending = initiator ? engine.mechanism(mech).initiator(mech, cred, request)
                : engine.mechanism(mech).acceptor(mech, cred, request);
        pendingMech = mech;
        pendingFlags = in.flags();
        tokensOut = 0;
        if (started == null) {
            started = Instant.now();
        }
        if (phase == Phase.NEW) {
            phase = Phase.IN_PROGRESS;
        }
    }

    private MechCredential acquireSupplied(SecWinntAuthIdentity id) throws NegotiateException {
        if (!id.hasPassword()) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "the supplied identity has no password");
        }
        char[] pw = id.password();
        try {
            return engine.mechanism(pkg().mechanism()).acquire(Credentials
                    .request(Credentials.nameOf(pkg(), id), MechCredential.Usage.INITIATE).withPassword(pw));
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** Strips the RFC 2743 framing where Windows puts it, so that mechanisms see bare tokens. */
    private byte[] unframeInput(byte[] token) throws NegotiateException {
        if (token.length == 0 || !TokenFraming.looksFramed(token)) {
            return token;
        }
        if (pendingMech.isKerberos()) {
            return TokenFraming.unframe(token, MechOid.KERBEROS);
        }
        if (pendingMech == MechOid.SPNEGO && initiator) {
            // a server-initiated NegTokenInit2 (SMB, HTTP 401 with a token) arrives framed
            return TokenFraming.unframe(token, MechOid.SPNEGO);
        }
        // the Negotiate acceptor takes its first token framed or bare, and also a raw NTLMSSP message or a
        // framed Kerberos token (clients that skip SPNEGO), framing its replies in that case itself
        return token;
    }

    /** Frames where Windows does: every Kerberos token, and the first SPNEGO initiator token. */
    private byte[] frameOutput(byte[] token) {
        if (token.length == 0) {
            return token;
        }
        if (pendingMech.isKerberos()) {
            return TokenFraming.frame(MechOid.KERBEROS, token);
        }
        if (pendingMech == MechOid.SPNEGO && initiator && tokensOut == 0) {
            return TokenFraming.frame(MechOid.SPNEGO, token);
        }
        return token;
    }

    private StepOutput finish(Step s, byte[] out) {
        int status = s.status().sspiStatus();
        boolean done = s.status() == org.jnegotiate.mech.Status.OK
                || s.status() == org.jnegotiate.mech.Status.COMPLETE_NEEDED;
        if (done) {
            promote();
            if (s.status() == org.jnegotiate.mech.Status.COMPLETE_NEEDED) {
                phase = Phase.COMPLETE_NEEDED;
            }
            attributes = finalAttributes();
        } else {
            attributes = intermediateAttributes(pendingFlags);
        }
        Optional<Instant> expiry = done ? established.expiry() : Optional.empty();
        return new StepOutput(out, status, attributes, expiry);
    }

    /** The pending exchange becomes the established context; a re-authenticated one replaces the old. */
    private void promote() {
        if (established != null && established != pending) {
            established.dispose();
        }
        established = pending;
        establishedFlags = pendingFlags;
        pending = null;
        phase = Phase.ESTABLISHED;
    }

    /** Before the final return only non-security attributes are reported (the ISC page: ALLOCATED_MEMORY). */
    private int intermediateAttributes(int req) {
        if (initiator) {
            return (req & IscReq.ISC_REQ_ALLOCATE_MEMORY) != 0 ? IscRet.ISC_RET_ALLOCATED_MEMORY : 0;
        }
        return (req & AscReq.ASC_REQ_ALLOCATE_MEMORY) != 0 ? AscRet.ASC_RET_ALLOCATED_MEMORY : 0;
    }

    private int finalAttributes() {
        Set<ContextFlag> granted = established.granted();
        int req = establishedFlags;
        int bits = intermediateAttributes(req);
        if (initiator) {
            bits |= SspiTranslation.iscRetOf(granted);
            bits |= req & (IscReq.ISC_REQ_CONNECTION | IscReq.ISC_REQ_STREAM);
            if (pkg() == SecurityPackage.NEGOTIATE) {
                bits |= req & IscReq.ISC_REQ_EXTENDED_ERROR; // a failed later leg sends negState=reject
            }
            if (suppliedUsed) {
                bits |= IscRet.ISC_RET_USED_SUPPLIED_CREDS;
            }
        } else {
            bits |= SspiTranslation.ascRetOf(granted);
            bits |= req & (AscReq.ASC_REQ_CONNECTION | AscReq.ASC_REQ_STREAM);
            // SPNEGO has reject tokens; the Kerberos acceptor a KRB-ERROR for an initiator that waits for an answer
            if (pkg() == SecurityPackage.NEGOTIATE
                    || (pkg() == SecurityPackage.KERBEROS && granted.contains(ContextFlag.MUTUAL))) {
                bits |= req & AscReq.ASC_REQ_EXTENDED_ERROR;
            }
        }
        return bits;
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
        return established;
    }

    /** The context the latest exchange runs on (pending or established), if any. */
    synchronized Optional<MechContext> currentContext() {
        return Optional.ofNullable(pending != null ? pending : established);
    }

    synchronized boolean isEstablished() {
        return established != null && phase == Phase.ESTABLISHED;
    }

    synchronized int attributes() {
        return attributes;
    }

    synchronized boolean stream() {
        int f = established != null ? establishedFlags : pendingFlags;
        return initiator ? (f & IscReq.ISC_REQ_STREAM) != 0 : (f & AscReq.ASC_REQ_STREAM) != 0;
    }

    synchronized Set<ContextFlag> granted() {
        return established == null ? Collections.unmodifiableSet(EnumSet.noneOf(ContextFlag.class))
                : established.granted();
    }

    synchronized Optional<Instant> started() {
        return Optional.ofNullable(started);
    }

    /** The package the context actually runs: the negotiated one under Negotiate when the door knows it. */
    synchronized SecurityPackage negotiatedPackage() {
        MechContext m = established != null ? established : pending;
        if (m == null) {
            return pkg();
        }
        return m.negotiatedMechanism().map(SecurityPackage::ofMechanism).orElse(pkg());
    }

    /** Negotiate: why Kerberos was dropped for NTLM before the first token, if it was. */
    synchronized Optional<org.jnegotiate.mech.NegotiateException> fallbackReason() {
        MechContext m = established != null ? established : pending;
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

    private void disposeMech() {
        if (pending != null) {
            pending.dispose();
            pending = null;
        }
        if (established != null) {
            established.dispose();
            established = null;
        }
        if (suppliedCredential != null) {
            suppliedCredential.dispose();
            suppliedCredential = null;
        }
    }

    private void log(String what, byte[] token) {
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "{0} {1} {2}: {3}", pkg().packageName(), initiator ? "ISC" : "ASC", what,
                    TokenLog.of(token));
        }
    }
}
