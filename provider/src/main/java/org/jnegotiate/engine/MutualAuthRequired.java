package org.jnegotiate.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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
import org.jnegotiate.mech.Step;

/**
 * The policy {@code jnegotiate.requireMutualAuth}, applied by the engine to every mechanism, so that both doors
 * obey it: an initiator context that would complete without having authenticated the acceptor (NTLM, which never
 * does; Kerberos without an AP-REP, when mutual authentication was not requested; Negotiate choosing either) fails
 * at that step with {@link Failure#MUTUAL_AUTH_FAILED}, and the token of that step is not returned. Acceptors are
 * not affected.
 */
final class MutualAuthRequired implements Mechanism {
    private final Mechanism mechanism;

    private MutualAuthRequired(Mechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** {@code mechanism} with the policy applied to its initiators. */
    static Mechanism around(Mechanism mechanism) {
        return mechanism instanceof MutualAuthRequired
                ? mechanism
                : new MutualAuthRequired(Objects.requireNonNull(mechanism, "mechanism"));
    }

    @Override
    public Set<MechOid> oids() {
        return mechanism.oids();
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        return mechanism.acquire(request);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        return new Initiator(mechanism.initiator(oid, credential, request));
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        return mechanism.acceptor(oid, credential, request);
    }

    /** An initiator that refuses to complete unless the acceptor was authenticated. */
    private static final class Initiator implements MechContext {
        private final MechContext context;
        private volatile boolean refused;

        Initiator(MechContext context) {
            this.context = context;
        }

        @Override
        public Step step(byte[] input) throws NegotiateException {
            if (refused) {
                throw new NegotiateException(
                        Failure.OUT_OF_SEQUENCE, "the context was refused: the acceptor was not authenticated");
            }
            Step step = context.step(input);
            if (context.isEstablished() && !context.granted().contains(ContextFlag.MUTUAL)) {
                refused = true;
                String why = why(context.negotiatedMechanism().orElse(context.mechanism()));
                context.dispose();
                throw new NegotiateException(
                        Failure.MUTUAL_AUTH_FAILED,
                        "the acceptor was not authenticated (" + why + ") and jnegotiate.requireMutualAuth is set");
            }
            return step;
        }

        private static String why(MechOid mech) {
            if (mech == MechOid.NTLM) {
                return "NTLM never authenticates the server";
            }
            if (mech.isKerberos()) {
                return "Kerberos without an AP-REP: request mutual authentication (ISC_REQ_MUTUAL_AUTH,"
                        + " GSSContext.requestMutualAuth(true))";
            }
            return mech + " did not authenticate it";
        }

        @Override
        public MechOid mechanism() {
            return context.mechanism();
        }

        @Override
        public boolean isInitiator() {
            return context.isInitiator();
        }

        @Override
        public Optional<MechOid> negotiatedMechanism() {
            return context.negotiatedMechanism();
        }

        @Override
        public boolean isEstablished() {
            return !refused && context.isEstablished();
        }

        @Override
        public Set<ContextFlag> granted() {
            return refused ? Set.of() : context.granted();
        }

        @Override
        public Optional<PeerName> initiatorName() {
            return context.initiatorName();
        }

        @Override
        public Optional<PeerName> acceptorName() {
            return context.acceptorName();
        }

        @Override
        public Optional<Instant> expiry() {
            return context.expiry();
        }

        @Override
        public MessageProtector protector() throws NegotiateException {
            refuseIfRefused();
            return context.protector();
        }

        @Override
        public SecretBytes sessionKey() throws NegotiateException {
            refuseIfRefused();
            return context.sessionKey();
        }

        @Override
        public OptionalInt sessionKeyType() throws NegotiateException {
            refuseIfRefused();
            return context.sessionKeyType();
        }

        @Override
        public Optional<NegotiateException> fallbackReason() {
            return context.fallbackReason();
        }

        @Override
        public Optional<MechCredential> delegatedCredential() {
            return context.delegatedCredential();
        }

        @Override
        public <T> Optional<T> attribute(Class<T> type) {
            return context.attribute(type);
        }

        @Override
        public boolean requiresMechListMic() {
            return context.requiresMechListMic();
        }

        @Override
        public byte[] mechListMic(byte[] mechTypesDer) throws NegotiateException {
            refuseIfRefused();
            return context.mechListMic(mechTypesDer);
        }

        @Override
        public void verifyMechListMic(byte[] mic, byte[] mechTypesDer) throws NegotiateException {
            refuseIfRefused();
            context.verifyMechListMic(mic, mechTypesDer);
        }

        private void refuseIfRefused() throws NegotiateException {
            if (refused) {
                throw new NegotiateException(
                        Failure.INVALID_HANDLE, "the context was refused: the acceptor was not authenticated");
            }
        }

        @Override
        public void dispose() {
            context.dispose();
        }
    }
}
