package org.jnegotiate.sspi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.SequenceWindow;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * A small in-memory mechanism for the door's tests: {@code tokens} context tokens alternate initiator,
 * acceptor, ...; whoever sends the last one returns OK with it. Tokens are
 * {@code "FAKE" index user-length user password-ok key(16) bindings-md5(16)} so that the acceptor can check
 * the password, the bindings and the sequence, and both sides derive the same per-message key.
 */
final class FakeMechanism implements Mechanism {
    static final String WRONG_PASSWORD = "wrong";
    static final String NO_CREDS_USER = "nocreds";
    static final String UNKNOWN_TARGET = "HTTP/unknown.example";
    static final int OVERHEAD = 14;
    static final int MIC_SIZE = 13;

    private final Set<MechOid> oids;
    final int tokens;
    /** The initiator's first step returns CONTINUE with no token (the seed: the output may be empty). */
    boolean emptyFirstToken;
    /** The final step returns COMPLETE_NEEDED instead of OK. */
    boolean completeNeeded;
    /** What the acceptor says it is (mutual authentication checks it against the target). */
    String acceptorName = "HTTP/server.example";
    /** When set, the acceptor's steps and every unwrap/verifyMic throw it: a bug inside a mechanism. */
    RuntimeException bug;
    final List<ContextRequest> requests = new ArrayList<>();
    final List<byte[]> inputs = new ArrayList<>();
    final List<PeerName> credentialNames = new ArrayList<>();
    int disposedContexts;
    int disposedCredentials;

    FakeMechanism(int tokens, MechOid... oids) {
        this.tokens = tokens;
        this.oids = Set.of(oids);
    }

    @Override
    public Set<MechOid> oids() {
        return oids;
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        PeerName name = request.name().orElse(PeerName.user("defaultuser@FAKE"));
        if (name.name().startsWith(NO_CREDS_USER)) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "no credentials for " + name);
        }
        credentialNames.add(name);
        char[] pw = request.password().orElse("secret".toCharArray());
        boolean ok = !new String(pw).equals(WRONG_PASSWORD);
        Arrays.fill(pw, '\0');
        return new FakeCredential(name, request.usage(), ok);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        requests.add(request);
        return new FakeContext(oid, true, (FakeCredential) credential, request);
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        requests.add(request);
        return new FakeContext(oid, false, (FakeCredential) credential, request);
    }

    final class FakeCredential implements MechCredential {
        final PeerName name;
        final Usage usage;
        final boolean passwordOk;

        FakeCredential(PeerName name, Usage usage, boolean passwordOk) {
            this.name = name;
            this.usage = usage;
            this.passwordOk = passwordOk;
        }

        @Override
        public MechOid mechanism() {
            return oids.iterator().next();
        }

        @Override
        public Optional<PeerName> name() {
            return Optional.of(name);
        }

        @Override
        public Usage usage() {
            return usage;
        }

        @Override
        public Optional<Instant> expiry() {
            return Optional.of(Instant.parse("2100-01-01T00:00:00Z"));
        }

        @Override
        public void dispose() {
            disposedCredentials++;
        }
    }

    final class FakeContext implements MechContext {
        private final MechOid oid;
        private final boolean initiator;
        private final FakeCredential credential;
        private final ContextRequest request;
        private int next; // index of the next token this side expects or sends
        private boolean emptySent;
        private boolean done;
        private boolean failed;
        private byte[] key;
        private PeerName clientName;
        private final Instant expiry = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

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
        public Step step(byte[] input) throws NegotiateException {
            if (done || failed) {
                throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "stepped after the end");
            }
            inputs.add(input == null ? new byte[0] : input.clone());
            if (bug != null && !initiator) {
                throw bug;
            }
            if (!initiator && org.jnegotiate.mech.GssFraming.looksFramed(input)) {
                input = org.jnegotiate.mech.GssFraming.unwrap(input).inner(); // as the real SPNEGO acceptor does
            }
            try {
                return initiator ? initiatorStep(input) : acceptorStep(input);
            } catch (NegotiateException e) {
                failed = true;
                throw e;
            }
        }

        private Step initiatorStep(byte[] input) throws NegotiateException {
            if (next == 0) {
                if (request.target().map(PeerName::name).orElse("").equals(UNKNOWN_TARGET)) {
                    throw new NegotiateException(Failure.TARGET_UNKNOWN, "the KDC does not know the target");
                }
                if (emptyFirstToken && !emptySent) {
                    emptySent = true;
                    return Step.continueWith(new byte[0]);
                }
                key = new byte[16];
                new java.security.SecureRandom().nextBytes(key);
                clientName = credential.name;
                return send(first());
            }
            read(input);
            if (next == 2 && request.has(ContextFlag.MUTUAL) && !request.target().map(PeerName::name).orElse("")
                    .equals(acceptorName)) {
                throw new NegotiateException(Failure.WRONG_PRINCIPAL, "the acceptor is " + acceptorName);
            }
            if (next >= tokens) {
                return finish(new byte[0]);
            }
            return send(simple());
        }

        private Step acceptorStep(byte[] input) throws NegotiateException {
            read(input);
            if (next == 1) {
                parseFirst(input);
            }
            if (next >= tokens) {
                return finish(new byte[0]);
            }
            return send(simple());
        }

        private Step send(byte[] token) {
            next++;
            if (next >= tokens) {
                return finish(token);
            }
            return Step.continueWith(token);
        }

        private Step finish(byte[] token) {
            done = true;
            return new Step(token, completeNeeded ? Status.COMPLETE_NEEDED : Status.OK);
        }

        private byte[] first() {
            byte[] user = credential.name.name().getBytes(StandardCharsets.UTF_8);
            byte[] cb = request.channelBindings().map(c -> c.md5()).orElse(new byte[16]);
            return ByteBuffer.allocate(4 + 1 + 1 + user.length + 1 + 16 + 16).put("FAKE".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) 0).put((byte) user.length).put(user).put((byte) (credential.passwordOk ? 1 : 0))
                    .put(key).put(cb).array();
        }

        private byte[] simple() {
            return ByteBuffer.allocate(5).put("FAKE".getBytes(StandardCharsets.US_ASCII)).put((byte) next).array();
        }

        private void read(byte[] input) throws NegotiateException {
            if (input == null || input.length < 5 || !new String(input, 0, 4, StandardCharsets.US_ASCII).equals("FAKE")
                    || input[4] != next) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not fake token " + next);
            }
            next++;
        }

        private void parseFirst(byte[] t) throws NegotiateException {
            int userLength = t[5] & 0xFF;
            if (t.length != 6 + userLength + 1 + 32) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "bad first token length");
            }
            clientName = PeerName.user(new String(t, 6, userLength, StandardCharsets.UTF_8));
            if (t[6 + userLength] != 1) {
                throw new NegotiateException(Failure.LOGON_DENIED, "wrong password");
            }
            key = Arrays.copyOfRange(t, 7 + userLength, 23 + userLength);
            byte[] cb = Arrays.copyOfRange(t, 23 + userLength, 39 + userLength);
            if (request.channelBindings().isPresent() && !Arrays.equals(cb, request.channelBindings().get().md5())) {
                throw new NegotiateException(Failure.BAD_BINDINGS, "channel bindings differ");
            }
        }

        @Override
        public boolean isEstablished() {
            return done;
        }

        @Override
        public Set<ContextFlag> granted() {
            return done ? request.flags() : EnumSet.noneOf(ContextFlag.class);
        }

        @Override
        public Optional<PeerName> initiatorName() {
            return Optional.ofNullable(clientName);
        }

        @Override
        public Optional<PeerName> acceptorName() {
            return done ? Optional.of(PeerName.principal(acceptorName)) : Optional.empty();
        }

        @Override
        public Optional<Instant> expiry() {
            return done ? Optional.of(expiry) : Optional.empty();
        }

        @Override
        public MessageProtector protector() throws NegotiateException {
            if (!done) {
                throw new NegotiateException(Failure.INVALID_HANDLE, "not established");
            }
            if (protector == null) {
                protector = new FakeProtector();
            }
            return protector;
        }

        private FakeProtector protector;

        @Override
        public SecretBytes sessionKey() throws NegotiateException {
            if (!done) {
                throw new NegotiateException(Failure.INVALID_HANDLE, "not established");
            }
            return SecretBytes.copyOf(key);
        }

        @Override
        public void dispose() {
            disposedContexts++;
            done = false;
            failed = true;
        }

        /** wrap: 'W' conf seq(4) mac(8) body; getMic: 'M' seq(4) mac(8). Body is XOR 0x5A when sealed. */
        final class FakeProtector implements MessageProtector {
            private int sendSeq;
            private final SequenceWindow window = new SequenceWindow(0, 32, request.has(ContextFlag.REPLAY_DETECTION),
                    request.has(ContextFlag.SEQUENCE_DETECTION));

            @Override
            public byte[] wrap(byte[] message, int offset, int length, boolean confidential) throws NegotiateException {
                byte[] body = Arrays.copyOfRange(message, offset, offset + length);
                if (confidential) {
                    for (int i = 0; i < body.length; i++) {
                        body[i] ^= 0x5A;
                    }
                }
                int seq = sendSeq++;
                ByteBuffer b = ByteBuffer.allocate(OVERHEAD + length).put((byte) 'W').put((byte) (confidential ? 1 : 0))
                        .putInt(seq);
                b.put(mac(initiator, seq, body)).put(body);
                return b.array();
            }

            @Override
            public Unwrapped unwrap(byte[] token, int offset, int length) throws NegotiateException {
                if (bug != null) {
                    throw bug;
                }
                if (length < OVERHEAD || token[offset] != 'W') {
                    throw new NegotiateException(Failure.INVALID_TOKEN, "not a fake wrap token");
                }
                ByteBuffer b = ByteBuffer.wrap(token, offset, length);
                b.get();
                boolean conf = b.get() == 1;
                int seq = b.getInt();
                byte[] mac = new byte[8];
                b.get(mac);
                byte[] body = new byte[b.remaining()];
                b.get(body);
                if (!MessageDigest.isEqual(mac, mac(!initiator, seq, body))) {
                    throw new NegotiateException(Failure.MESSAGE_ALTERED, "fake MAC mismatch");
                }
                TokenOrder order = window.accept(seq);
                if (conf) {
                    for (int i = 0; i < body.length; i++) {
                        body[i] ^= 0x5A;
                    }
                }
                return new Unwrapped(body, conf, order);
            }

            @Override
            public byte[] getMic(byte[] message, int offset, int length) throws NegotiateException {
                int seq = sendSeq++;
                return ByteBuffer.allocate(MIC_SIZE).put((byte) 'M').putInt(seq)
                        .put(mac(initiator, seq, Arrays.copyOfRange(message, offset, offset + length))).array();
            }

            @Override
            public TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset,
                    int length) throws NegotiateException {
                if (bug != null) {
                    throw bug;
                }
                if (tokenLength != MIC_SIZE || token[tokenOffset] != 'M') {
                    throw new NegotiateException(Failure.INVALID_TOKEN, "not a fake MIC");
                }
                ByteBuffer b = ByteBuffer.wrap(token, tokenOffset + 1, tokenLength - 1);
                int seq = b.getInt();
                byte[] mac = new byte[8];
                b.get(mac);
                if (!MessageDigest.isEqual(mac, mac(!initiator, seq, Arrays.copyOfRange(message, offset, offset + length)))) {
                    throw new NegotiateException(Failure.MESSAGE_ALTERED, "fake MIC mismatch");
                }
                return window.accept(seq);
            }

            @Override
            public int wrapSizeLimit(int maxTokenSize, boolean confidential) {
                return maxTokenSize - OVERHEAD;
            }

            @Override
            public boolean confidentialityAvailable() {
                return true;
            }

            private byte[] mac(boolean fromInitiator, int seq, byte[] body) throws NegotiateException {
                try {
                    Mac m = Mac.getInstance("HmacSHA256");
                    m.init(new SecretKeySpec(key, "HmacSHA256"));
                    m.update((byte) (fromInitiator ? 0 : 1));
                    m.update(ByteBuffer.allocate(4).putInt(seq).array());
                    return Arrays.copyOf(m.doFinal(body), 8);
                } catch (java.security.GeneralSecurityException e) {
                    throw new NegotiateException(Failure.INTERNAL_ERROR, "no HMAC", e);
                }
            }
        }
    }
}
