package org.jnegotiate.http;

import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.security.auth.Subject;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.TlsServerEndPoint;
import org.jnegotiate.sspi.ClientContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.SspiException;
import org.jnegotiate.sspi.StepResult;

/**
 * One request's HTTP Negotiate exchange (RFC 4559), whatever client carries it: every 401 that carries a
 * {@code Negotiate} challenge goes to {@link #onUnauthorized}, which answers with the {@code Authorization} value of
 * the next leg (any number of legs: Kerberos takes one, NTLM in SPNEGO two), and the response that ends it goes to
 * {@link #onFinalResponse}, which verifies the server's final token (Kerberos' AP-REP, SPNEGO's accept-completed with
 * its mechListMIC) and enforces {@link NegotiateAuth#requireMutualAuth()}.
 *
 * <p>The client side of the security context is the SSPI door's {@link ClientContext} (package Negotiate), so every
 * outcome is an exact SEC_E_* status, and channel bindings go in as {@link ChannelBindings}. Not thread-safe: one
 * exchange belongs to one request. {@link #close()} releases the context.
 */
public final class NegotiateExchange implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.http");

    /** Legs a server may demand before the exchange is abandoned: NTLM in SPNEGO needs two, Kerberos one. */
    static final int MAX_LEGS = 8;

    private enum State {
        /** Nothing sent yet. */
        NEW,
        /** A token was sent and the context needs the server's reply. */
        CONTINUING,
        /** The context is complete on our side; the server's answer ends the exchange. */
        SENT_LAST,
        /** Ended: authenticated, refused or failed ({@link Outcome}). */
        DONE
    }

    /** How the exchange ended. */
    public enum Result {
        /** Not ended yet. */
        PENDING,
        /** The server accepted, and its final token was verified (mutual authentication for Kerberos). */
        AUTHENTICATED_VERIFIED,
        /** The server accepted but sent no final token (or NTLM, which cannot authenticate it): not verified. */
        AUTHENTICATED_UNVERIFIED,
        /** The server answered 401 to a token: the 401 goes to the caller. */
        REFUSED,
        /** The client refused: a failed step or mutual authentication missing while required. */
        FAILED
    }

    /** One round trip, for diagnostics: the HTTP status and challenge received, the token stepped and its answer. */
    public record Leg(int httpStatus, String challenge, byte[] received, byte[] sent, String secStatus) {
        public Leg {
            received = received == null ? null : received.clone();
            sent = sent == null ? null : sent.clone();
        }
    }

    private final NegotiateAuth auth;
    private final URI uri;
    private final String spn;
    private final List<Leg> legs = new ArrayList<>();
    private State state = State.NEW;
    private Result result = Result.PENDING;
    private String reason = "";
    private ClientContext context;
    private boolean bindingsSent;
    private SecurityPackage negotiated;
    private Optional<NegotiateException> fallbackReason = Optional.empty();
    private String clientName;

    NegotiateExchange(NegotiateAuth auth, URI uri) {
        this.auth = auth;
        this.uri = uri;
        this.spn = auth.servicePrincipal(uri);
    }

    /**
     * Whether a response with this status and these {@code WWW-Authenticate} values continues the exchange (a leg to
     * answer, so that its body is not the caller's): a 401 with a Negotiate challenge before the first token, a 401
     * with a Negotiate token while the context waits for one. Clients that must choose how to read a body before
     * they can hand the response to {@link #onUnauthorized} ask this first.
     */
    public boolean continuesOn(int status, List<String> wwwAuthenticate) {
        if (status != 401) {
            return false;
        }
        NegotiateChallenge c = NegotiateChallenge.of(wwwAuthenticate);
        return state == State.NEW
                ? !(c instanceof NegotiateChallenge.Absent)
                : state == State.CONTINUING && c instanceof NegotiateChallenge.WithToken;
    }

    /**
     * A 401 arrived. Returns the {@code Authorization} value to send the request again with, or empty when this
     * exchange does not continue: the response has no Negotiate challenge, or the server refused the last token
     * (a bare {@code Negotiate}, or the context was complete). The 401 then goes to the caller.
     *
     * @param serverCertificate the leaf certificate of the TLS connection the 401 came over, null for plain HTTP
     * @throws NegotiateHttpException when the context fails (the SEC_E_* status in {@link
     *         NegotiateHttpException#failure()}), or when channel bindings are configured and cannot be computed
     */
    public Optional<String> onUnauthorized(List<String> wwwAuthenticate, Certificate serverCertificate)
            throws NegotiateHttpException {
        NegotiateChallenge challenge = NegotiateChallenge.of(wwwAuthenticate);
        switch (state) {
            case NEW:
                if (challenge instanceof NegotiateChallenge.Absent) {
                    return Optional.empty();
                }
                open(serverCertificate);
                return Optional.of(step(401, challenge, null));
            case CONTINUING:
                if (challenge instanceof NegotiateChallenge.WithToken w) {
                    if (legs.size() >= MAX_LEGS) {
                        return fail(Failure.INVALID_TOKEN, "the server asked for more than " + MAX_LEGS + " legs");
                    }
                    return Optional.of(step(401, challenge, w.token()));
                }
                return refuse(401, challenge);
            case SENT_LAST:
                return refuse(401, challenge);
            default:
                return Optional.empty();
        }
    }

    /**
     * The response that is not a Negotiate 401 (a 200, a redirect, a 403...). When a token was sent, its final
     * {@code Negotiate} token is verified, and mutual authentication enforced when required.
     *
     * @throws NegotiateHttpException when the server's final token fails verification, or the server was not
     *         authenticated while {@link NegotiateAuth#requireMutualAuth()} is set ({@link Failure#MUTUAL_AUTH_FAILED})
     */
    public void onFinalResponse(int status, List<String> wwwAuthenticate) throws NegotiateHttpException {
        if (state != State.CONTINUING && state != State.SENT_LAST) {
            return;
        }
        NegotiateChallenge challenge = NegotiateChallenge.of(wwwAuthenticate);
        if (challenge instanceof NegotiateChallenge.Malformed m) {
            fail(Failure.INVALID_TOKEN, "the " + status + " response's " + m.reason());
        }
        if (challenge instanceof NegotiateChallenge.WithToken w) {
            if (state == State.SENT_LAST) {
                fail(Failure.INVALID_TOKEN, "the " + status + " carries a token after the context completed");
            }
            StepResult r = stepContext(w.token(), status, challenge);
            if (r.continueNeeded() || r.hasToken()) {
                fail(
                        Failure.MUTUAL_AUTH_FAILED,
                        "the server's final token did not complete the context (" + SecStatus.name(r.secStatus())
                                + ")");
            }
        } else {
            legs.add(new Leg(status, NegotiateChallenge.describe(challenge), null, null, null));
        }
        boolean established = context.isEstablished();
        boolean mutual = established && context.granted().contains(ContextFlag.MUTUAL);
        if (auth.requireMutualAuth() && !mutual) {
            fail(
                    Failure.MUTUAL_AUTH_FAILED,
                    established
                            ? "the server was not authenticated (" + negotiated + " does not authenticate servers)"
                            : "the server answered " + status
                                    + " without the final Negotiate token that authenticates it");
        }
        if (established) {
            clientName = name();
        }
        if (mutual) {
            end(Result.AUTHENTICATED_VERIFIED, "");
        } else {
            end(
                    Result.AUTHENTICATED_UNVERIFIED,
                    established ? negotiated + " does not authenticate the server" : "the server sent no final token");
        }
    }

    private void open(Certificate serverCertificate) throws NegotiateHttpException {
        ChannelBindings bindings = null;
        if (auth.channelBindings() && "https".equalsIgnoreCase(uri.getScheme())) {
            if (serverCertificate == null) {
                fail(
                        Failure.BAD_BINDINGS,
                        "channel bindings are configured but the connection to " + uri.getHost()
                                + " showed no server certificate");
            }
            try {
                bindings = TlsServerEndPoint.bindings(serverCertificate);
            } catch (CertificateEncodingException e) {
                fail(Failure.BAD_BINDINGS, "no tls-server-end-point binding: " + e.getMessage());
            }
        }
        bindingsSent = bindings != null;
        ClientContext.Builder builder = ClientContext.builder(auth.engine())
                .securityPackage(SecurityPackage.NEGOTIATE)
                .target(spn)
                .channelBindings(bindings);
        auth.identity().ifPresent(builder::identity);
        context = asCaller(builder::build);
    }

    private String step(int status, NegotiateChallenge challenge, byte[] serverToken) throws NegotiateHttpException {
        StepResult r = stepContext(serverToken, status, challenge);
        if (!r.hasToken()) {
            fail(Failure.INTERNAL_ERROR, "the context gave no token to send (" + SecStatus.name(r.secStatus()) + ")");
        }
        if (auth.requireMutualAuth() && negotiated == SecurityPackage.NTLM) {
            fail(
                    Failure.MUTUAL_AUTH_FAILED,
                    "Negotiate chose NTLM, which never authenticates the server, and mutual"
                            + " authentication is required");
        }
        state = r.continueNeeded() ? State.CONTINUING : State.SENT_LAST;
        return NegotiateChallenge.authorization(r.token());
    }

    private StepResult stepContext(byte[] serverToken, int status, NegotiateChallenge challenge)
            throws NegotiateHttpException {
        StepResult r;
        try {
            r = asCaller(() -> context.step(serverToken));
        } catch (NegotiateHttpException e) {
            legs.add(new Leg(
                    status,
                    NegotiateChallenge.describe(challenge),
                    serverToken,
                    null,
                    e.failure().map(f -> SecStatus.name(f.sspiStatus())).orElse("")));
            throw e;
        } finally {
            if (context != null) {
                negotiated = context.negotiatedPackage();
                if (fallbackReason.isEmpty()) {
                    fallbackReason = context.fallbackReason();
                }
            }
        }
        legs.add(new Leg(
                status, NegotiateChallenge.describe(challenge), serverToken, r.token(), SecStatus.name(r.secStatus())));
        return r;
    }

    private <T> T asCaller(Callable<T> action) throws NegotiateHttpException {
        try {
            Optional<Subject> subject = auth.subject();
            return subject.isPresent() ? SubjectCalls.call(subject.get(), action) : action.call();
        } catch (SspiException e) {
            end(Result.FAILED, e.getMessage());
            throw new NegotiateHttpException(e.failure(), "Negotiate with " + spn + " failed: " + e.getMessage(), e);
        } catch (NegotiateHttpException e) {
            throw e;
        } catch (Exception e) {
            throw new NegotiateHttpException(Failure.INTERNAL_ERROR, "Negotiate with " + spn + " failed: " + e, e);
        }
    }

    private Optional<String> refuse(int status, NegotiateChallenge challenge) {
        legs.add(new Leg(status, NegotiateChallenge.describe(challenge), null, null, null));
        end(
                Result.REFUSED,
                "the server answered " + status + " (" + NegotiateChallenge.describe(challenge)
                        + ") to the last token");
        return Optional.empty();
    }

    private <T> T fail(Failure failure, String why) throws NegotiateHttpException {
        end(Result.FAILED, why);
        throw new NegotiateHttpException(failure, "Negotiate with " + spn + ": " + why, null);
    }

    private void end(Result r, String why) {
        state = State.DONE;
        result = r;
        reason = why;
        close();
        LOG.log(
                System.Logger.Level.DEBUG,
                "HTTP Negotiate with {0} ({1}): {2} after {3} legs, {4}{5}",
                spn,
                uri.getHost(),
                r,
                legs.size(),
                negotiated == null ? "no mechanism" : negotiated.packageName(),
                why.isEmpty() ? "" : ": " + why);
    }

    private String name() {
        try {
            return context.clientName().map(Object::toString).orElse(null);
        } catch (SspiException e) {
            return null;
        }
    }

    /** The service name asked for. */
    public String servicePrincipal() {
        return spn;
    }

    public Result result() {
        return result;
    }

    /** Why the exchange was refused or failed, or why it is unverified; empty otherwise. */
    public String reason() {
        return reason;
    }

    /** Every leg so far. */
    public List<Leg> legs() {
        return List.copyOf(legs);
    }

    /** Whether channel bindings went into the context. */
    public boolean bindingsSent() {
        return bindingsSent;
    }

    /** The package the context ran under Negotiate (Kerberos or NTLM), once a token was made. */
    public Optional<SecurityPackage> negotiatedPackage() {
        return Optional.ofNullable(negotiated);
    }

    /** Why Negotiate dropped Kerberos for NTLM before its first token, if it did. */
    public Optional<NegotiateException> fallbackReason() {
        return fallbackReason;
    }

    /** Our own name as the context established it, once established. */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** Whether the exchange has ended (authenticated, refused or failed). */
    public boolean isDone() {
        return state == State.DONE;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "NegotiateExchange[" + spn + ", " + state.name().toLowerCase(Locale.ROOT) + ", " + result + "]";
    }
}
