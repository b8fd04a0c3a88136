package org.jnegotiate.gss;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.security.Provider;
import java.time.Duration;
import java.util.Optional;
import org.ietf.jgss.ChannelBinding;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenLog;
import sun.security.jgss.spi.GSSContextSpi;
import sun.security.jgss.spi.GSSCredentialSpi;
import sun.security.jgss.spi.GSSNameSpi;

/**
 * The GSS door: adapts one engine {@link MechContext} to the JDK's {@code GSSContextSpi}. Requests
 * made before the first token are collected into a {@link ContextRequest}; the mechanism context is
 * opened on the first token. The framework adds and strips the RFC 2743 token framing itself, so tokens pass
 * through unchanged ({@link GssTokens}); {@link GssInquiry} answers {@code inquireSecContext}.
 */
final class GssContext implements GSSContextSpi {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.gss");

    private final Provider provider;
    private final Engine engine;
    private final MechOid mech;
    private final boolean initiator;
    private final Boolean subjectCredsOnly;
    private final PeerName target;
    /** How this context's log records start: the mechanism and the role ("1.3.6.1.5.5.2 initiator"). */
    private final String door;

    private final ContextRequest.Builder request = ContextRequest.builder();
    private MechCredential credential;
    private ChannelBinding bindings;
    private MechContext context;
    private boolean disposed;

    private GssContext(
            Provider provider,
            Engine engine,
            MechOid mech,
            boolean initiator,
            PeerName target,
            MechCredential credential,
            Boolean subjectCredsOnly) {
        this.provider = provider;
        this.engine = engine;
        this.mech = mech;
        this.initiator = initiator;
        this.target = target;
        this.credential = credential;
        this.subjectCredsOnly = subjectCredsOnly;
        this.door = mech + (initiator ? " initiator" : " acceptor");
        // GSS-API defaults (RFC 2743): mutual, confidentiality and integrity on; replay/sequence as the app asks.
        request.flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true);
    }

    static GssContext initiator(
            Provider provider,
            Engine engine,
            MechOid mech,
            PeerName target,
            MechCredential credential,
            int lifetime,
            Boolean subjectCredsOnly) {
        GssContext c = new GssContext(provider, engine, mech, true, target, credential, subjectCredsOnly);
        c.request.target(target);
        c.setLifetime(lifetime);
        return c;
    }

    static GssContext acceptor(
            Provider provider, Engine engine, MechOid mech, MechCredential credential, Boolean subjectCredsOnly) {
        return new GssContext(provider, engine, mech, false, null, credential, subjectCredsOnly);
    }

    private void setLifetime(int seconds) {
        if (seconds > 0 && seconds != GSSContext.INDEFINITE_LIFETIME) {
            request.lifetime(Duration.ofSeconds(seconds));
        }
    }

    // ---- requests (before the first token) ----

    private void request(ContextFlag flag, boolean on) throws GSSException {
        if (context == null) {
            request.flag(flag, on);
        }
    }

    @Override
    public Provider getProvider() {
        return provider;
    }

    @Override
    public void requestLifetime(int lifetime) {
        if (context == null) {
            setLifetime(lifetime);
        }
    }

    @Override
    public void requestMutualAuth(boolean state) throws GSSException {
        request(ContextFlag.MUTUAL, state);
    }

    @Override
    public void requestReplayDet(boolean state) throws GSSException {
        request(ContextFlag.REPLAY_DETECTION, state);
    }

    @Override
    public void requestSequenceDet(boolean state) throws GSSException {
        request(ContextFlag.SEQUENCE_DETECTION, state);
    }

    @Override
    public void requestCredDeleg(boolean state) throws GSSException {
        request(ContextFlag.DELEGATION, state);
    }

    @Override
    public void requestAnonymity(boolean state) throws GSSException {
        request(ContextFlag.ANONYMITY, state);
    }

    @Override
    public void requestConf(boolean state) throws GSSException {
        request(ContextFlag.CONFIDENTIALITY, state);
    }

    @Override
    public void requestInteg(boolean state) throws GSSException {
        request(ContextFlag.INTEGRITY, state);
    }

    @Override
    public void requestDelegPolicy(boolean state) throws GSSException {
        request(ContextFlag.DELEGATION_POLICY, state);
    }

    @Override
    public void setChannelBinding(ChannelBinding cb) {
        if (context == null) {
            this.bindings = cb;
        }
    }

    // ---- state ----

    private boolean state(ContextFlag flag) {
        if (context != null && context.isEstablished()) {
            return context.granted().contains(flag);
        }
        return initiator && request.build().has(flag);
    }

    @Override
    public boolean getCredDelegState() {
        return state(ContextFlag.DELEGATION);
    }

    @Override
    public boolean getMutualAuthState() {
        return state(ContextFlag.MUTUAL);
    }

    @Override
    public boolean getReplayDetState() {
        return state(ContextFlag.REPLAY_DETECTION);
    }

    @Override
    public boolean getSequenceDetState() {
        return state(ContextFlag.SEQUENCE_DETECTION);
    }

    @Override
    public boolean getAnonymityState() {
        return state(ContextFlag.ANONYMITY);
    }

    @Override
    public boolean getDelegPolicyState() {
        return state(ContextFlag.DELEGATION_POLICY);
    }

    @Override
    public boolean isTransferable() {
        return false;
    }

    @Override
    public boolean isProtReady() {
        return isEstablished();
    }

    @Override
    public boolean isInitiator() {
        return initiator;
    }

    @Override
    public boolean getConfState() {
        return state(ContextFlag.CONFIDENTIALITY);
    }

    @Override
    public boolean getIntegState() {
        return state(ContextFlag.INTEGRITY);
    }

    @Override
    public int getLifetime() {
        if (context == null || disposed) {
            return 0;
        }
        return context.expiry()
                .map(e -> GssCredential.secondsUntil(e, engine.clock()))
                .orElse(GSSContext.INDEFINITE_LIFETIME);
    }

    @Override
    public boolean isEstablished() {
        return context != null && !disposed && context.isEstablished();
    }

    @Override
    public GSSNameSpi getSrcName() throws GSSException {
        Optional<PeerName> n = context == null ? Optional.empty() : context.initiatorName();
        if (n.isEmpty() && initiator && credential != null) {
            n = credential.name();
        }
        return n.map(p -> (GSSNameSpi) new GssName(provider, mech, p)).orElse(null);
    }

    @Override
    public GSSNameSpi getTargName() throws GSSException {
        Optional<PeerName> n = context == null ? Optional.ofNullable(target) : context.acceptorName();
        if (n.isEmpty() && target != null) {
            n = Optional.of(target);
        }
        return n.map(p -> (GSSNameSpi) new GssName(provider, mech, p)).orElse(null);
    }

    /** Like the JDK's SPNEGO: the negotiated inner mechanism once established, the requested one before. */
    @Override
    public Oid getMech() {
        if (context != null && context.isEstablished()) {
            return context.negotiatedMechanism().orElse(context.mechanism()).oid();
        }
        return context != null ? context.mechanism().oid() : mech.oid();
    }

    @Override
    public GSSCredentialSpi getDelegCred() throws GSSException {
        if (context == null) {
            return null;
        }
        return context.delegatedCredential()
                .map(c -> (GSSCredentialSpi) new GssCredential(provider, c.mechanism(), c, engine.clock()))
                .orElse(null);
    }

    // ---- context establishment ----

    @Override
    public byte[] initSecContext(InputStream in, int length) throws GSSException {
        if (!initiator) {
            throw GssErrors.of(GSSException.FAILURE, "initSecContext called on an acceptor context");
        }
        return step(in, length);
    }

    @Override
    public byte[] acceptSecContext(InputStream in, int length) throws GSSException {
        if (initiator) {
            throw GssErrors.of(GSSException.FAILURE, "acceptSecContext called on an initiator context");
        }
        return step(in, length);
    }

    private byte[] step(InputStream in, int length) throws GSSException {
        checkNotDisposed();
        try {
            byte[] input = GssTokens.read(in, length, engine.config().maxTokenSize());
            if (context == null) {
                context = open();
            }
            Step s = TokenLog.step(LOG, door, context, input);
            return GssTokens.toFramework(s);
        } catch (NegotiateException e) {
            LOG.log(Level.DEBUG, "{0} failed: {1}", door, e.getMessage());
            throw GssErrors.of(e);
        } catch (RuntimeException e) {
            throw GssErrors.internal(e);
        }
    }

    private MechContext open() throws NegotiateException {
        Mechanism m = engine.mechanism(mech);
        if (bindings != null) {
            request.channelBindings(GssChannelBindings.toEngine(bindings));
        }
        if (credential == null) {
            CredentialRequest cr = CredentialRequest.of(
                            null, initiator ? MechCredential.Usage.INITIATE : MechCredential.Usage.ACCEPT)
                    .withSubjectCredsOnly(subjectCredsOnly);
            Optional<javax.security.auth.Subject> subject = CallerSubject.get();
            if (subject.isPresent()) {
                cr = cr.withSubject(subject.get());
            }
            credential = m.acquire(cr);
        }
        ContextRequest req = request.build();
        return initiator ? m.initiator(mech, credential, req) : m.acceptor(mech, credential, req);
    }

    // ---- per-message ----

    private MessageProtector protector() throws GSSException {
        checkNotDisposed();
        if (context == null || !context.isEstablished()) {
            throw GssErrors.of(GSSException.NO_CONTEXT, "the context is not established");
        }
        try {
            return context.protector();
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        }
    }

    @Override
    public int getWrapSizeLimit(int qop, boolean confReq, int maxTokenSize) throws GSSException {
        return protector().wrapSizeLimit(maxTokenSize, confReq);
    }

    @Override
    public byte[] wrap(byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        return GssMessages.wrap(protector(), in, offset, len, prop);
    }

    @Override
    public void wrap(InputStream in, OutputStream out, MessageProp prop) throws GSSException {
        byte[] msg = GssMessages.readAll(in);
        GssMessages.write(out, wrap(msg, 0, msg.length, prop));
    }

    @Override
    public byte[] unwrap(byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        return GssMessages.unwrap(protector(), in, offset, len, prop);
    }

    @Override
    public void unwrap(InputStream in, OutputStream out, MessageProp prop) throws GSSException {
        byte[] token = GssMessages.readAll(in);
        GssMessages.write(out, unwrap(token, 0, token.length, prop));
    }

    @Override
    public byte[] getMIC(byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        return GssMessages.getMic(protector(), in, offset, len, prop);
    }

    @Override
    public void getMIC(InputStream in, OutputStream out, MessageProp prop) throws GSSException {
        byte[] msg = GssMessages.readAll(in);
        GssMessages.write(out, getMIC(msg, 0, msg.length, prop));
    }

    @Override
    public void verifyMIC(
            byte[] token, int tokOffset, int tokLen, byte[] msg, int msgOffset, int msgLen, MessageProp prop)
            throws GSSException {
        GssMessages.verifyMic(protector(), token, tokOffset, tokLen, msg, msgOffset, msgLen, prop);
    }

    @Override
    public void verifyMIC(InputStream tokStream, InputStream msgStream, MessageProp prop) throws GSSException {
        byte[] token = GssMessages.readAll(tokStream);
        byte[] msg = GssMessages.readAll(msgStream);
        verifyMIC(token, 0, token.length, msg, 0, msg.length, prop);
    }

    // ---- the rest ----

    @Override
    public byte[] export() throws GSSException {
        throw GssErrors.of(GSSException.UNAVAILABLE, "JNegotiate contexts cannot be exported");
    }

    @Override
    public void dispose() {
        if (!disposed) {
            disposed = true;
            if (context != null) {
                context.dispose();
            }
        }
    }

    @Override
    public Object inquireSecContext(String type) throws GSSException {
        checkNotDisposed();
        return GssInquiry.inquire(type, context, initiator);
    }

    private void checkNotDisposed() throws GSSException {
        if (disposed) {
            throw GssErrors.of(GSSException.NO_CONTEXT, "the context was disposed");
        }
    }
}
