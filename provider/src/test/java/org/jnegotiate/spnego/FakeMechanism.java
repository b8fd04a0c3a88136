package org.jnegotiate.spnego;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
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
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * A toy mechanism for SPNEGO tests. Tokens are text ({@code NAME:I1}, {@code NAME:A1}, ...); the number
 * of legs decides the shape: 1 = initiator done after its first token, acceptor answers nothing;
 * 2 = mutual (acceptor answers, initiator consumes); 3 = NTLM-like (I1, A1, I2). MICs are a keyed hash
 * of the mechanism name, so both sides agree and any change of the list is detected.
 */
final class FakeMechanism implements Mechanism {
    final String name;
    final Set<MechOid> oids;
    final int legs;
    /** Thrown by acquire(), initiator() or the initiator's first step, when set. */
    NegotiateException acquireFailure;
    NegotiateException initiatorFailure;
    NegotiateException firstStepFailure;
    /** The acceptor refuses the initiator's first token with this failure and an error token NAME:ERR. */
    Failure acceptorRejects;
    int initiatorsOpened;
    int acceptorsOpened;

    FakeMechanism(String name, int legs, MechOid... oids) {
        this.name = name;
        this.legs = legs;
        this.oids = Set.of(oids);
    }

    @Override
    public Set<MechOid> oids() {
        return oids;
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        if (acquireFailure != null) {
            throw acquireFailure;
        }
        MechOid m = oids.iterator().next();
        return new MechCredential() {
            @Override
            public MechOid mechanism() {
                return m;
            }

            @Override
            public Optional<PeerName> name() {
                return Optional.of(PeerName.user(name + "-user"));
            }

            @Override
            public Usage usage() {
                return request.usage();
            }

            @Override
            public Optional<Instant> expiry() {
                return Optional.empty();
            }

            @Override
            public void dispose() {
            }
        };
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        if (initiatorFailure != null) {
            throw initiatorFailure;
        }
        initiatorsOpened++;
        return new Ctx(oid, true);
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request) {
        acceptorsOpened++;
        return new Ctx(oid, false);
    }

    byte[] token(String step) {
        return (name + ":" + step).getBytes(StandardCharsets.US_ASCII);
    }

    final class Ctx implements MechContext, MessageProtector {
        final MechOid oid;
        final boolean initiator;
        int stepCount;
        boolean established;
        boolean failed;
        boolean disposed;

        Ctx(MechOid oid, boolean initiator) {
            this.oid = oid;
            this.initiator = initiator;
        }

        @Override
        public MechOid mechanism() {
            return oid;
        }

        @Override
        public boolean isInitiator() {
            return initiator;
        }

        private void expect(byte[] input, String step) throws NegotiateException {
            if (input == null || !Arrays.equals(input, token(step))) {
                failed = true;
                throw new NegotiateException(Failure.INVALID_TOKEN, name + " expected " + step + " but got "
                        + (input == null ? "nothing" : new String(input, StandardCharsets.US_ASCII)));
            }
        }

        @Override
        public Step step(byte[] input) throws NegotiateException {
            if (established || failed) {
                throw new NegotiateException(Failure.OUT_OF_SEQUENCE, name + " stepped after the end");
            }
            stepCount++;
            if (input != null && oid.isKerberos() && GssFraming.looksFramed(input)) {
                // as the real Kerberos context: it takes bare tokens, SPNEGO unframes its InitialContextTokens
                throw new NegotiateException(Failure.INVALID_TOKEN, name + " was handed a framed token");
            }
            if (initiator) {
                if (stepCount == 1) {
                    if (firstStepFailure != null) {
                        throw firstStepFailure;
                    }
                    established = legs == 1;
                    return new Step(token("I1"), established ? org.jnegotiate.mech.Status.OK
                            : org.jnegotiate.mech.Status.CONTINUE_NEEDED);
                }
                if (input != null && Arrays.equals(input, token("ERR"))) {
                    failed = true;
                    throw new NegotiateException(Failure.TIME_SKEW, name + " acceptor reported an error");
                }
                expect(input, "A1");
                established = true;
                return Step.done(legs == 3 ? token("I2") : new byte[0]);
            }
            if (stepCount == 1) {
                expect(input, "I1");
                if (acceptorRejects != null) {
                    failed = true;
                    throw new NegotiateException(acceptorRejects, 0, name + " refuses", null, token("ERR"));
                }
                if (legs == 1) {
                    established = true;
                    return Step.done(new byte[0]);
                }
                established = legs == 2;
                return new Step(token("A1"), established ? org.jnegotiate.mech.Status.OK
                        : org.jnegotiate.mech.Status.CONTINUE_NEEDED);
            }
            expect(input, "I2");
            established = true;
            return Step.done(new byte[0]);
        }

        @Override
        public boolean isEstablished() {
            return established;
        }

        @Override
        public Set<ContextFlag> granted() {
            return established ? Set.of(ContextFlag.INTEGRITY) : Set.of();
        }

        @Override
        public Optional<PeerName> initiatorName() {
            return Optional.of(PeerName.user(name + "-user"));
        }

        @Override
        public Optional<PeerName> acceptorName() {
            return Optional.of(PeerName.hostbased("HTTP@server"));
        }

        @Override
        public Optional<Instant> expiry() {
            return Optional.empty();
        }

        @Override
        public MessageProtector protector() throws NegotiateException {
            if (!established) {
                throw new NegotiateException(Failure.INVALID_HANDLE, "not established");
            }
            return this;
        }

        @Override
        public SecretBytes sessionKey() throws NegotiateException {
            protector();
            return SecretBytes.copyOf(name.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dispose() {
            disposed = true;
        }

        // a MessageProtector whose "wrap" only tags the message, enough to see it is the inner one
        @Override
        public byte[] wrap(byte[] message, int offset, int length, boolean confidential) {
            byte[] out = new byte[length + 1];
            out[0] = (byte) name.charAt(0);
            System.arraycopy(message, offset, out, 1, length);
            return out;
        }

        @Override
        public Unwrapped unwrap(byte[] token, int offset, int length) {
            return new Unwrapped(Arrays.copyOfRange(token, offset + 1, offset + length), false, TokenOrder.IN_ORDER);
        }

        @Override
        public byte[] getMic(byte[] message, int offset, int length) {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                d.update(name.getBytes(StandardCharsets.US_ASCII));
                d.update(message, offset, length);
                return Arrays.copyOf(d.digest(), 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset,
                int length) throws NegotiateException {
            if (!MessageDigest.isEqual(Arrays.copyOfRange(token, tokenOffset, tokenOffset + tokenLength),
                    getMic(message, offset, length))) {
                throw new NegotiateException(Failure.MESSAGE_ALTERED, name + " MIC mismatch");
            }
            return TokenOrder.IN_ORDER;
        }

        @Override
        public int wrapSizeLimit(int maxTokenSize, boolean confidential) {
            return maxTokenSize - 1;
        }

        @Override
        public boolean confidentialityAvailable() {
            return false;
        }
    }
}
