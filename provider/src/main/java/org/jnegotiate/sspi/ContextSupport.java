package org.jnegotiate.sspi;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/** What {@link ClientContext} and {@link ServerContext} share: state queries and per-message calls. */
abstract class ContextSupport implements AutoCloseable {
    final SecurityContext context;
    final Credentials credentials;

    ContextSupport(SecurityContext context, Credentials credentials) {
        this.context = context;
        this.credentials = credentials;
    }

    StepResult doStep(
            byte[] input, int flags, org.jnegotiate.mech.ChannelBindings bindings, SecWinntAuthIdentity supplied)
            throws SspiException {
        return StepResult.of(context.step(new SecurityContext.StepInput(input, flags, bindings, supplied)));
    }

    public boolean isEstablished() {
        return context.isEstablished();
    }

    /** The services granted; meaningful once established (ISC page: only the final return describes security). */
    public EnumSet<ContextFlag> granted() {
        EnumSet<ContextFlag> s = EnumSet.noneOf(ContextFlag.class);
        s.addAll(context.granted());
        return s;
    }

    /** The ISC_RET_/ASC_RET_ bits of the last step. */
    public int attributes() {
        return context.attributes();
    }

    public Optional<Instant> expiry() throws SspiException {
        return context.establishedContext().expiry();
    }

    public Optional<PeerName> clientName() throws SspiException {
        return context.establishedContext().initiatorName();
    }

    public Optional<PeerName> serverName() throws SspiException {
        return context.establishedContext().acceptorName();
    }

    /** The package that ran: Kerberos or NTLM under Negotiate when the door knows it. */
    public SecurityPackage negotiatedPackage() {
        return context.negotiatedPackage();
    }

    /**
     * Negotiate initiators: why Kerberos was dropped for NTLM before the first token was sent (no ticket, no KDC
     * answering, an unknown SPN...), as the failure Kerberos reported; empty when it was not, or is not known.
     */
    public Optional<NegotiateException> fallbackReason() {
        return context.fallbackReason();
    }

    /** A GSS-style wrap token of {@code message} (EncryptMessage's TOKEN and DATA in one array). */
    public byte[] wrap(byte[] message, boolean confidential) throws SspiException {
        try {
            if (confidential && !context.granted().contains(ContextFlag.CONFIDENTIALITY)) {
                throw new SspiException(
                        org.jnegotiate.mech.Failure.UNSUPPORTED_FUNCTION, "confidentiality was not negotiated");
            }
            return protector().wrap(message, 0, message.length, confidential);
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    /** Unwraps a token of {@link #wrap}; out-of-order tokens fail with SEC_E_OUT_OF_SEQUENCE. */
    public Unwrapped unwrap(byte[] token) throws SspiException {
        try {
            Unwrapped u = protector().unwrap(token, 0, token.length);
            checkOrder(u.order());
            return u;
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    public byte[] getMic(byte[] message) throws SspiException {
        try {
            return protector().getMic(message, 0, message.length);
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    public void verifyMic(byte[] mic, byte[] message) throws SspiException {
        try {
            checkOrder(protector().verifyMic(mic, 0, mic.length, message, 0, message.length));
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    private static void checkOrder(TokenOrder order) throws SspiException {
        if (order != TokenOrder.IN_ORDER) {
            throw new SspiException(
                    order == TokenOrder.DUPLICATE
                            ? org.jnegotiate.mech.Failure.REPLAYED_TOKEN
                            : org.jnegotiate.mech.Failure.OUT_OF_SEQUENCE,
                    "the message is " + order + " in the sequence");
        }
    }

    private MessageProtector protector() throws SspiException, NegotiateException {
        return context.establishedContext().protector();
    }

    /** DeleteSecurityContext and FreeCredentialsHandle. Idempotent. */
    @Override
    public void close() {
        context.delete();
        credentials.freeHandle();
    }
}
