package org.jnegotiate.servlet;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenLog;

/**
 * HTTP Negotiate (RFC 4559) and NTLM (MS-NTHT) authentication without the Servlet API: one call per request, given the
 * request's connection key and {@code Authorization} headers, answers what to do ({@link Outcome}). The servlet filter
 * and the Spring Security integration are thin shells around it.
 *
 * <p>Each exchange runs one acceptor context of JNegotiate's engine: SPNEGO for {@code Negotiate} (which also takes
 * a bare NTLMSSP or framed Kerberos token, as Windows clients send when SPNEGO is impossible), NTLM for {@code NTLM}.
 * A context that needs another leg waits in {@link PendingContexts} under the connection key (NTLM authenticates the
 * connection's exchange, MS-NTHT); every other context is disposed before this method returns, so no
 * half-authenticated state outlives a 401. Any failure of the engine, or any exception of its parsers, is a 401; only
 * a header that is not a token at all is a 400.
 */
public final class NegotiateAuthenticator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NegotiateAuthenticator.class.getName());
    private static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

    private final NegotiateSettings settings;
    private final Engine engine;
    private final MechCredential negotiateCredential;
    private final MechCredential ntlmCredential;
    private final PendingContexts pending;
    private final List<String> freshChallenges;
    private final int maxTokenBytes;

    /** An authenticator with its own engine, credentials acquired now (a missing keytab fails here, not per request). */
    public NegotiateAuthenticator(NegotiateSettings settings) throws NegotiateException {
        this(settings, Engine.create(settings.engineConfig()));
    }

    /** Pending contexts expire by the engine's clock: one clock for the whole authenticator. */
    private NegotiateAuthenticator(NegotiateSettings settings, Engine engine) throws NegotiateException {
        this(settings, engine, engine.clock());
    }

    NegotiateAuthenticator(NegotiateSettings settings, Engine engine, InstantSource clock) throws NegotiateException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = Objects.requireNonNull(engine, "engine");
        CredentialRequest request = CredentialRequest.of(
                settings.principal().map(PeerName::principal).orElse(null), MechCredential.Usage.ACCEPT);
        Optional<Subject> subject = settings.subject();
        if (subject.isPresent()) {
            request = request.withSubject(subject.get());
        }
        this.negotiateCredential = settings.schemes().contains(AuthScheme.NEGOTIATE)
                ? engine.mechanism(MechOid.SPNEGO).acquire(request)
                : null;
        this.ntlmCredential = settings.schemes().contains(AuthScheme.NTLM)
                ? engine.mechanism(MechOid.NTLM).acquire(request)
                : null;
        this.pending = new PendingContexts(settings.maxPendingContexts(), settings.pendingTimeout(), clock);
        List<String> challenges = new ArrayList<>();
        for (AuthScheme s : AuthScheme.values()) {
            if (settings.schemes().contains(s)) {
                challenges.add(s.headerName());
            }
        }
        this.freshChallenges = List.copyOf(challenges);
        this.maxTokenBytes = settings.engineConfig().maxTokenSize();
    }

    public NegotiateSettings settings() {
        return settings;
    }

    /**
     * Runs one leg for one request.
     *
     * @param connectionKey what identifies the client's connection (see {@link ConnectionKey})
     * @param authorization every {@code Authorization} header of the request, in order
     * @param secure whether the request came over TLS (channel bindings are required only there)
     */
    public Outcome authenticate(String connectionKey, List<String> authorization, boolean secure) {
        if (authorization.size() > 1) {
            return new Outcome.BadRequest(authorization.size() + " Authorization headers");
        }
        AuthorizationHeader.Credentials credentials;
        try {
            Optional<AuthorizationHeader.Credentials> parsed = AuthorizationHeader.parse(
                    authorization.isEmpty() ? null : authorization.get(0), settings.schemes(), maxTokenBytes);
            if (parsed.isEmpty()) {
                return new Outcome.Unauthorized(freshChallenges, "no credentials of " + freshChallenges);
            }
            credentials = parsed.get();
        } catch (AuthorizationHeader.MalformedException e) {
            return new Outcome.BadRequest(e.getMessage());
        }
        MechContext context = null;
        try {
            context = contextFor(connectionKey, credentials, secure);
            Step step = TokenLog.step(LOG, credentials.scheme(), context, credentials.token());
            if (!context.isEstablished()) {
                pending.put(connectionKey, context, credentials.scheme());
                MechContext waiting = context;
                context = null; // now the store's
                if (!step.hasToken()) {
                    waiting.dispose();
                    return refused("the acceptor continued without a token");
                }
                return new Outcome.Unauthorized(List.of(header(credentials.scheme(), step.token())), "continue");
            }
            Optional<String> refusal = policyRefusal(context);
            if (refusal.isPresent()) {
                return refused(refusal.get());
            }
            NegotiatePrincipal principal = principal(context, credentials.scheme());
            return new Outcome.Authenticated(
                    principal,
                    step.hasToken() ? Optional.of(header(credentials.scheme(), step.token())) : Optional.empty());
        } catch (NegotiateException e) {
            LOG.log(System.Logger.Level.DEBUG, "logon refused: {0}: {1}", e.failure(), e.getMessage());
            return refused(e.failure() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // the engine's parsers throw NegotiateException only; anything else is a bug, and still no 500
            LOG.log(System.Logger.Level.WARNING, "logon refused on an unexpected exception", e);
            return refused(e.toString());
        } finally {
            if (context != null) {
                context.dispose();
            }
        }
    }

    /** The contexts waiting for a next leg (for tests and monitoring). */
    public int pendingExchanges() {
        return pending.size();
    }

    /** Disposes every pending context. */
    @Override
    public void close() {
        pending.clear();
    }

    private MechContext contextFor(String key, AuthorizationHeader.Credentials credentials, boolean secure)
            throws NegotiateException {
        Optional<PendingContexts.Pending> waiting = pending.take(key);
        if (waiting.isPresent()) {
            if (waiting.get().scheme() == credentials.scheme() && !isFirstToken(credentials.token())) {
                return waiting.get().context();
            }
            // a client starting over on the same connection (or a stale entry of a closed one): the old exchange ends
            waiting.get().context().dispose();
        }
        ContextRequest.Builder request = ContextRequest.builder();
        if (secure && settings.channelBindings().isPresent()) {
            request.channelBindings(settings.channelBindings().get());
        }
        return credentials.scheme() == AuthScheme.NTLM
                ? engine.mechanism(MechOid.NTLM).acceptor(MechOid.NTLM, ntlmCredential, request.build())
                : engine.mechanism(MechOid.SPNEGO).acceptor(MechOid.SPNEGO, negotiateCredential, request.build());
    }

    /** An initiator's first token: GSS-framed (SPNEGO or Kerberos) or an NTLM NEGOTIATE_MESSAGE (type 1). */
    static boolean isFirstToken(byte[] token) {
        if (token.length > 0 && token[0] == 0x60) {
            return true;
        }
        if (token.length >= 12 && java.util.Arrays.equals(token, 0, 8, NTLMSSP, 0, 8)) {
            return token[8] == 1 && token[9] == 0 && token[10] == 0 && token[11] == 0;
        }
        return false;
    }

    private Optional<String> policyRefusal(MechContext context) {
        AuthMechanism mechanism = mechanismOf(context);
        if (settings.requirements().contains(NegotiateSettings.Requirement.KERBEROS)
                && mechanism != AuthMechanism.KERBEROS) {
            return Optional.of("Kerberos is required and the client authenticated with " + mechanism);
        }
        if (settings.requirements().contains(NegotiateSettings.Requirement.MUTUAL)
                && !context.granted().contains(ContextFlag.MUTUAL)) {
            return Optional.of(
                    "mutual authentication is required and the client did not ask for it (" + mechanism + ")");
        }
        return Optional.empty();
    }

    private static AuthMechanism mechanismOf(MechContext context) {
        return AuthMechanism.of(context.negotiatedMechanism().orElse(context.mechanism()));
    }

    private static NegotiatePrincipal principal(MechContext context, AuthScheme scheme) throws NegotiateException {
        PeerName name = context.initiatorName()
                .orElseThrow(() -> new NegotiateException(
                        org.jnegotiate.mech.Failure.INTERNAL_ERROR,
                        "an established context without the initiator's name"));
        return new NegotiatePrincipal(name.name(), mechanismOf(context), scheme);
    }

    private Outcome refused(String reason) {
        return new Outcome.Unauthorized(freshChallenges, reason);
    }

    private static String header(AuthScheme scheme, byte[] token) {
        return scheme.headerName() + " " + Base64.getEncoder().encodeToString(token);
    }
}
