package org.jnegotiate.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
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
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;

/**
 * A toy mechanism for the tests of what drives mechanisms (SPNEGO, the SSPI door). Its {@code tokens} context tokens
 * alternate initiator, acceptor, ...; whoever sends the last one returns OK with it. Tokens are text, the
 * mechanism's name and the leg ({@code KRB:I1}, {@code KRB:A1}, {@code KRB:I2}, ...), so that a test can pin them;
 * an acceptor that refuses answers {@code KRB:ERR}. With {@link Behaviour#IDENTITY_IN_FIRST_TOKEN} the first token
 * goes on with {@code user-length user password-ok key(16) bindings-md5(16)}: the acceptor learns the user, checks the
 * password and the channel bindings, and both sides key their messages with that fresh key; without it they key
 * them with the name, which lets a test compute a peer's MIC ({@link #mic}).
 *
 * <p>A {@link FakeProtector} protects the messages under that key. Kerberos contexts refuse framed tokens (the real
 * one takes them bare); a SPNEGO acceptor unframes its first.
 */
public final class FakeMechanism implements Mechanism {
    /** A password the credential takes, and the acceptor refuses with LOGON_DENIED (identity tokens only). */
    public static final String WRONG_PASSWORD = "wrong";
    /** A user name prefix for which {@link #acquire} finds no credentials. */
    public static final String NO_CREDS_USER = "nocreds";
    /** A target the initiator's first step does not know (TARGET_UNKNOWN, as a KDC would answer). */
    public static final String UNKNOWN_TARGET = "HTTP/unknown.example";
    /** The bytes a wrap token adds to its message. */
    public static final int OVERHEAD = FakeProtector.OVERHEAD;

    public static final int MIC_SIZE = FakeProtector.MIC_SIZE;
    private static final int KEY_SIZE = 16;

    private final String name;
    private final int tokens;
    private final Set<MechOid> oids;
    private final Set<Behaviour> behaviours = EnumSet.noneOf(Behaviour.class);
    private final Map<FailurePoint, NegotiateException> failures = new EnumMap<>(FailurePoint.class);
    private String acceptorName = "HTTP/server.example";
    private Failure acceptorRejects;
    private RuntimeException bug;
    private final List<FakeContext> contexts = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<PeerName> credentialNames = new ArrayList<>();
    private int disposedContexts;
    private int disposedCredentials;

    /** {@code name} starts every token; {@code tokens} is the number of context tokens of a handshake. */
    public FakeMechanism(String name, int tokens, MechOid... oids) {
        this.name = name;
        this.tokens = tokens;
        this.oids = Set.of(oids);
    }

    // ------------------------------------------------------------ behaviours

    /** A behaviour a test switches on. */
    public enum Behaviour {
        /** The first token carries the user, the password's verdict, a fresh session key and the bindings' hash. */
        IDENTITY_IN_FIRST_TOKEN,
        /** The initiator's first step returns CONTINUE with no token (an SSPI package may do that). */
        EMPTY_FIRST_TOKEN,
        /** The final step returns COMPLETE_NEEDED instead of OK. */
        COMPLETE_NEEDED
    }

    /** Where a test makes the mechanism fail. */
    public enum FailurePoint {
        /** {@link FakeMechanism#acquire}. */
        ACQUIRE,
        /** {@link FakeMechanism#initiator}, opening an initiator. */
        INITIATOR,
        /** The initiator's first step. */
        FIRST_STEP
    }

    /** Switches {@code behaviour} on. */
    public FakeMechanism with(Behaviour behaviour) {
        behaviours.add(behaviour);
        return this;
    }

    /** {@code point} throws {@code e}. */
    public FakeMechanism failAt(FailurePoint point, NegotiateException e) {
        failures.put(point, e);
        return this;
    }

    /** What the acceptor says it is; an initiator asking for mutual authentication checks it against the target. */
    public FakeMechanism acceptorName(String principal) {
        acceptorName = principal;
        return this;
    }

    /** The acceptor refuses the initiator's first token with {@code failure} and the error token NAME:ERR. */
    public FakeMechanism rejectFirstToken(Failure failure) {
        acceptorRejects = failure;
        return this;
    }

    /** The acceptor's steps and every unwrap and verifyMic throw {@code e}: a bug inside a mechanism. */
    public FakeMechanism bug(RuntimeException e) {
        bug = e;
        return this;
    }

    // ------------------------------------------------------------ what happened

    /** The requests of the contexts opened, in order, both roles. */
    public List<ContextRequest> requests() {
        return contexts.stream().map(c -> c.request).toList();
    }

    /** Every step's input as the contexts got it (an empty array for none), in order, both roles. */
    public List<byte[]> inputs() {
        return inputs;
    }

    /** The names credentials were acquired for, in order. */
    public List<PeerName> credentialNames() {
        return credentialNames;
    }

    public int initiatorsOpened() {
        return (int) contexts.stream().filter(c -> c.initiator).count();
    }

    public int acceptorsOpened() {
        return (int) contexts.stream().filter(c -> !c.initiator).count();
    }

    /** How many contexts were disposed (each once). */
    public int disposedContexts() {
        return disposedContexts;
    }

    /** How many credentials were disposed. */
    public int disposedCredentials() {
        return disposedCredentials;
    }

    /** The context token {@code leg} ({@code I1}, {@code A1}, ..., {@code ERR}) of this mechanism, without identity. */
    public byte[] token(String leg) {
        return (name + ":" + leg).getBytes(StandardCharsets.US_ASCII);
    }

    /** The MIC over {@code message} of every context keyed with the name: what a test forges a peer's MIC with. */
    public byte[] mic(byte[] message) {
        if (carriesIdentity()) {
            throw new IllegalStateException("the contexts of " + name + " key their messages with a fresh key");
        }
        return FakeProtector.hmac(name.getBytes(StandardCharsets.US_ASCII), message, MIC_SIZE);
    }

    // ------------------------------------------------------------ the mechanism

    @Override
    public Set<MechOid> oids() {
        return oids;
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        throwIfFailingAt(FailurePoint.ACQUIRE);
        PeerName user = request.name().orElse(PeerName.user("defaultuser@" + name));
        if (user.name().startsWith(NO_CREDS_USER)) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "no credentials for " + user);
        }
        credentialNames.add(user);
        char[] password = request.password().orElse("secret".toCharArray());
        boolean passwordOk = !new String(password).equals(WRONG_PASSWORD);
        Arrays.fill(password, '\0');
        return new FakeCredential(this, user, request.usage(), passwordOk);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        throwIfFailingAt(FailurePoint.INITIATOR);
        return open(new FakeContext(oid, true, (FakeCredential) credential, request));
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request) {
        return open(new FakeContext(oid, false, (FakeCredential) credential, request));
    }

    private boolean carriesIdentity() {
        return behaviours.contains(Behaviour.IDENTITY_IN_FIRST_TOKEN);
    }

    private void throwIfFailingAt(FailurePoint point) throws NegotiateException {
        if (failures.containsKey(point)) {
            throw failures.get(point);
        }
    }

    private FakeContext open(FakeContext c) {
        contexts.add(c);
        return c;
    }

    private String leg(int index) {
        return (index % 2 == 0 ? "I" : "A") + (index / 2 + 1);
    }

    /** A credential of {@code mech} for {@code user}, with the verdict on the password it was acquired with. */
    private record FakeCredential(FakeMechanism mech, PeerName user, MechCredential.Usage usage, boolean passwordOk)
            implements MechCredential {
        @Override
        public MechOid mechanism() {
            return mech.oids.iterator().next();
        }

        @Override
        public Optional<PeerName> name() {
            return Optional.of(user);
        }

        @Override
        public Optional<Instant> expiry() {
            return Optional.of(Instant.parse("2100-01-01T00:00:00Z"));
        }

        @Override
        public void dispose() {
            mech.disposedCredentials++;
        }
    }

    private enum State {
        HANDSHAKE,
        ESTABLISHED,
        FAILED,
        DISPOSED
    }

    private final class FakeContext implements MechContext {
        private final MechOid oid;
        private final boolean initiator;
        private final FakeCredential credential;
        private final ContextRequest request;
        private final Instant expiry = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        private State state = State.HANDSHAKE;
        private int next; // index of the next token this side sends or expects
        private boolean emptySent;
        private byte[] key = name.getBytes(StandardCharsets.US_ASCII);
        private PeerName clientName;
        private FakeProtector protector;

        FakeContext(MechOid oid, boolean initiator, FakeCredential credential, ContextRequest request) {
            this.oid = oid;
            this.initiator = initiator;
            this.credential = credential;
            this.request = request;
        }

        @Override
        public MechOid mechanism() {
            return oid;
        }

        @Override
        public boolean isInitiator() {
            return initiator;
        }

        @Override
        public synchronized Step step(byte[] input) throws NegotiateException {
            if (state == State.DISPOSED) {
                throw new NegotiateException(Failure.INVALID_HANDLE, name + " was disposed");
            }
            if (state != State.HANDSHAKE) {
                throw new NegotiateException(Failure.OUT_OF_SEQUENCE, name + " stepped after the end");
            }
            inputs.add(input == null ? new byte[0] : input.clone());
            if (bug != null && !initiator) {
                throw bug;
            }
            try {
                byte[] bare = bare(input);
                return initiator ? initiatorStep(bare) : acceptorStep(bare);
            } catch (NegotiateException e) {
                state = State.FAILED;
                throw e;
            }
        }

        /** The input as this mechanism takes it: Kerberos bare only, SPNEGO's acceptor unframes its first token. */
        private byte[] bare(byte[] input) throws NegotiateException {
            if (!GssFraming.looksFramed(input)) {
                return input;
            }
            if (oid.isKerberos()) {
                throw new NegotiateException(Failure.INVALID_TOKEN, name + " was handed a framed token");
            }
            return oid == MechOid.SPNEGO && !initiator
                    ? GssFraming.unwrap(input).inner()
                    : input;
        }

        private Step initiatorStep(byte[] input) throws NegotiateException {
            if (next == 0) {
                if (request.target().map(PeerName::name).orElse("").equals(UNKNOWN_TARGET)) {
                    throw new NegotiateException(Failure.TARGET_UNKNOWN, "the KDC does not know the target");
                }
                throwIfFailingAt(FailurePoint.FIRST_STEP);
                if (behaviours.contains(Behaviour.EMPTY_FIRST_TOKEN) && !emptySent) {
                    emptySent = true;
                    return Step.continueWith(new byte[0]);
                }
                clientName = credential.user;
                return send(carriesIdentity() ? withIdentity(token(leg(0))) : token(leg(0)));
            }
            if (Arrays.equals(input, token("ERR"))) {
                throw new NegotiateException(Failure.TIME_SKEW, name + " acceptor reported an error");
            }
            read(input);
            if (next == 2
                    && request.has(ContextFlag.MUTUAL)
                    && !request.target().map(PeerName::name).orElse("").equals(acceptorName)) {
                throw new NegotiateException(Failure.WRONG_PRINCIPAL, "the acceptor is " + acceptorName);
            }
            return next >= tokens ? finish(new byte[0]) : send(token(leg(next)));
        }

        private Step acceptorStep(byte[] input) throws NegotiateException {
            read(input);
            if (next == 1 && acceptorRejects != null) {
                throw new NegotiateException(acceptorRejects, 0, name + " refuses", null, token("ERR"));
            }
            return next >= tokens ? finish(new byte[0]) : send(token(leg(next)));
        }

        private Step send(byte[] token) {
            next++;
            return next >= tokens ? finish(token) : Step.continueWith(token);
        }

        private Step finish(byte[] token) {
            state = State.ESTABLISHED;
            return new Step(token, behaviours.contains(Behaviour.COMPLETE_NEEDED) ? Status.COMPLETE_NEEDED : Status.OK);
        }

        /** Checks that {@code input} is token {@link #next}, and takes the identity from the first one. */
        private void read(byte[] input) throws NegotiateException {
            byte[] expected = token(leg(next));
            boolean identity = carriesIdentity() && next == 0;
            if (input == null
                    || input.length < expected.length
                    || !Arrays.equals(input, 0, expected.length, expected, 0, expected.length)
                    || (!identity && input.length != expected.length)) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN,
                        name + " expected " + leg(next) + " but got "
                                + (input == null ? "nothing" : new String(input, StandardCharsets.US_ASCII)));
            }
            if (identity) {
                readIdentity(input, expected.length);
            }
            next++;
        }

        private byte[] withIdentity(byte[] token) {
            byte[] user = credential.user.name().getBytes(StandardCharsets.UTF_8);
            byte[] bindings = request.channelBindings().map(c -> c.md5()).orElse(new byte[16]);
            key = new byte[KEY_SIZE];
            new SecureRandom().nextBytes(key);
            return ByteBuffer.allocate(token.length + 1 + user.length + 1 + KEY_SIZE + 16)
                    .put(token)
                    .put((byte) user.length)
                    .put(user)
                    .put((byte) (credential.passwordOk ? 1 : 0))
                    .put(key)
                    .put(bindings)
                    .array();
        }

        private void readIdentity(byte[] t, int at) throws NegotiateException {
            int userLength = t.length > at ? t[at] & 0xFF : -1;
            if (t.length != at + 1 + userLength + 1 + KEY_SIZE + 16) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "bad first token length");
            }
            int verdict = at + 1 + userLength;
            clientName = PeerName.user(new String(t, at + 1, userLength, StandardCharsets.UTF_8));
            if (t[verdict] != 1) {
                throw new NegotiateException(Failure.LOGON_DENIED, "wrong password");
            }
            key = Arrays.copyOfRange(t, verdict + 1, verdict + 1 + KEY_SIZE);
            byte[] bindings = Arrays.copyOfRange(t, verdict + 1 + KEY_SIZE, t.length);
            if (request.channelBindings().isPresent()
                    && !Arrays.equals(bindings, request.channelBindings().get().md5())) {
                throw new NegotiateException(Failure.BAD_BINDINGS, "channel bindings differ");
            }
        }

        @Override
        public synchronized boolean isEstablished() {
            return state == State.ESTABLISHED;
        }

        @Override
        public synchronized Set<ContextFlag> granted() {
            return isEstablished() ? request.flags() : EnumSet.noneOf(ContextFlag.class);
        }

        @Override
        public synchronized Optional<PeerName> initiatorName() {
            return Optional.ofNullable(clientName);
        }

        @Override
        public synchronized Optional<PeerName> acceptorName() {
            return isEstablished() ? Optional.of(PeerName.principal(acceptorName)) : Optional.empty();
        }

        @Override
        public synchronized Optional<Instant> expiry() {
            return isEstablished() ? Optional.of(expiry) : Optional.empty();
        }

        @Override
        public synchronized MessageProtector protector() throws NegotiateException {
            requireEstablished();
            if (protector == null) {
                protector = new FakeProtector(name.charAt(0), initiator, request, this::key, () -> bug);
            }
            return protector;
        }

        @Override
        public synchronized SecretBytes sessionKey() throws NegotiateException {
            requireEstablished();
            return SecretBytes.copyOf(key);
        }

        private void requireEstablished() throws NegotiateException {
            if (state != State.ESTABLISHED) {
                throw new NegotiateException(Failure.INVALID_HANDLE, name + " is not established");
            }
        }

        /** The key, while the context is not disposed. */
        synchronized byte[] key() throws NegotiateException {
            if (state == State.DISPOSED) {
                throw new NegotiateException(Failure.INVALID_HANDLE, name + " was disposed");
            }
            return key;
        }

        @Override
        public synchronized void dispose() {
            if (state != State.DISPOSED) {
                state = State.DISPOSED;
                Arrays.fill(key, (byte) 0);
                disposedContexts++;
            }
        }
    }
}
