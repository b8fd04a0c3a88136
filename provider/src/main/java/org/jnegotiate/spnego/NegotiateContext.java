package org.jnegotiate.spnego;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;

/**
 * What both Negotiate roles share: the inner context and everything that is delegated to it once it is
 * established, the mechListMIC exchange ({@link MechListMicExchange}), the inner token framing and the logging.
 *
 * <p>Every public method holds the context's monitor ({@link MechContext}'s threading contract); the inner context
 * is only ever called under it, so the lock order is always this context, then the inner one.
 */
abstract class NegotiateContext implements MechContext {
    static final System.Logger LOG = System.getLogger("org.jnegotiate.spnego");

    final NegotiateConfig config;
    final Function<MechOid, Optional<Mechanism>> mechanisms;
    final NegotiateCredential credential;
    final ContextRequest request;

    /** The inner context, once a mechanism was chosen. */
    MechContext inner;
    /** The OID the inner context was opened with (MS-KRB5 stays MS-KRB5). */
    MechOid innerOid;
    /** The mechListMIC exchange of RFC 4178 section 5, and the mechTypes it protects. */
    final MechListMicExchange mic = new MechListMicExchange();

    NegotiateContext(
            NegotiateConfig config,
            Function<MechOid, Optional<Mechanism>> mechanisms,
            NegotiateCredential credential,
            ContextRequest request) {
        this.config = config;
        this.mechanisms = mechanisms;
        this.credential = credential;
        this.request = request;
    }

    @Override
    public final MechOid mechanism() {
        return MechOid.SPNEGO;
    }

    /** The inner mechanism chosen by the negotiation (empty before it is known). */
    @Override
    public final synchronized Optional<MechOid> negotiatedMechanism() {
        return Optional.ofNullable(innerOid);
    }

    // ------------------------------------------------------------ inner mechanisms

    /** Whether this side may use {@code oid}: configured, present in the engine, and with a credential. */
    final boolean usable(MechOid oid) {
        return config.mechanisms().contains(NegotiateCredential.family(oid))
                && mechanisms.apply(oid).map(m -> m.oids().contains(oid)).orElse(false)
                && credential.credentialFor(oid).isPresent();
    }

    final Mechanism mechanismFor(MechOid oid) throws NegotiateException {
        return mechanisms
                .apply(oid)
                .orElseThrow(() -> new NegotiateException(Failure.UNSUPPORTED_FUNCTION, oid + " is not available"));
    }

    final MechCredential credentialFor(MechOid oid) throws NegotiateException {
        return credential
                .credentialFor(oid)
                .orElseThrow(() -> new NegotiateException(Failure.NO_CREDENTIALS, "no " + oid + " credential"));
    }

    /** Sets the inner context, disposing of a previous one (a mechanism switch). */
    final void useInner(MechOid oid, MechContext context) {
        if (inner != null && inner != context) {
            inner.dispose();
        }
        inner = context;
        innerOid = oid;
    }

    /**
     * SPNEGO's framing of inner tokens, both ways. Inside SPNEGO a Kerberos token is an RFC 2743 InitialContextToken
     * (RFC 4121 section 4.1), framed with the Kerberos OID whichever Kerberos OID was negotiated, as Windows does;
     * NTLM goes raw. The inner contexts give and take bare tokens.
     */
    static byte[] frameInner(MechOid oid, byte[] bare) {
        return oid.isKerberos() ? GssFraming.wrap(MechOid.KERBEROS, bare) : bare;
    }

    /**
     * The peer's inner token as the inner context takes it, bare: a Kerberos token must come framed (RFC 4121
     * section 4.1) with either Kerberos OID, checked strictly and unframed here ({@link GssFraming#unwrap(byte[],
     * MechOid)}); NTLM comes raw.
     */
    static byte[] innerInput(MechOid oid, byte[] token) throws NegotiateException {
        if (!oid.isKerberos()) {
            return token;
        }
        if (!GssFraming.looksFramed(token)) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "a Kerberos token inside SPNEGO without its " + "RFC 2743 framing");
        }
        return GssFraming.unwrap(token, MechOid.KERBEROS);
    }

    /** A NegTokenResp: every token after the initiator's first, in both directions. */
    static NegTokenResp parseResp(byte[] input) throws NegotiateException {
        NegotiationToken t = NegotiationToken.decode(input);
        if (t instanceof NegTokenResp r) {
            return r;
        }
        throw new NegotiateException(
                Failure.OUT_OF_SEQUENCE,
                "a " + t.getClass().getSimpleName() + " arrived in the middle of a Negotiate exchange");
    }

    /** {@code cause}, with a negState=reject token (carrying the inner error token, if any) for the peer. */
    static NegotiateException rejected(NegotiateException cause, MechOid oid) {
        byte[] innerToken = cause.errorToken()
                .map(t -> oid == null ? t : frameInner(oid, t))
                .orElse(null);
        byte[] reject = NegTokenResp.of(NegState.REJECT, null, innerToken, null).encode();
        return new NegotiateException(
                cause.failure(), cause.minor(), "Negotiate rejected: " + cause.getMessage(), cause, reject);
    }

    // ------------------------------------------------------------ logging (decisions; tokens are the door's: TokenLog)

    static void debug(String format, Object... args) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // log() itself costs, even for a disabled level
            LOG.log(System.Logger.Level.DEBUG, format, args);
        }
    }

    // ------------------------------------------------------------ delegation to the inner context

    /** Moves the role's state machine to DISPOSED. */
    abstract void enterDisposed();

    /** What every use of a disposed context but the idempotent {@link #dispose()} gets. */
    static NegotiateException disposed() {
        return new NegotiateException(Failure.INVALID_HANDLE, "the Negotiate context was disposed");
    }

    final MechContext establishedInner() throws NegotiateException {
        if (inner == null || !isEstablished()) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the Negotiate context is not established");
        }
        return inner;
    }

    @Override
    public final synchronized Set<ContextFlag> granted() {
        return inner == null ? Set.of() : inner.granted();
    }

    @Override
    public final synchronized Optional<PeerName> initiatorName() {
        return inner == null ? Optional.empty() : inner.initiatorName();
    }

    @Override
    public final synchronized Optional<PeerName> acceptorName() {
        return inner == null ? Optional.empty() : inner.acceptorName();
    }

    @Override
    public final synchronized Optional<Instant> expiry() {
        return inner == null ? Optional.empty() : inner.expiry();
    }

    /** The inner context's protector: SPNEGO adds nothing to per-message tokens. */
    @Override
    public final synchronized MessageProtector protector() throws NegotiateException {
        return establishedInner().protector();
    }

    @Override
    public final synchronized SecretBytes sessionKey() throws NegotiateException {
        return establishedInner().sessionKey();
    }

    /** The inner context's enctype (Kerberos), so that KRB5_GET_SESSION_KEY_EX types the key for SPNEGO too. */
    @Override
    public final synchronized OptionalInt sessionKeyType() throws NegotiateException {
        return establishedInner().sessionKeyType();
    }

    @Override
    public final synchronized Optional<MechCredential> delegatedCredential() {
        return inner == null || !isEstablished() ? Optional.empty() : inner.delegatedCredential();
    }

    @Override
    public final synchronized <T> Optional<T> attribute(Class<T> type) {
        return inner == null || !isEstablished() ? Optional.empty() : inner.attribute(type);
    }

    /** Moves to DISPOSED and disposes of the inner context (which zeroes its keys). Idempotent. */
    @Override
    public final synchronized void dispose() {
        enterDisposed();
        if (inner != null) {
            inner.dispose();
        }
    }
}
