package org.jnegotiate.sspi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.NegotiateException;

/**
 * The client side for new Java code: InitializeSecurityContext without handles and buffers.
 * <pre>{@code
 * try (ClientContext c = ClientContext.builder(engine).target("HTTP/web.example.com")
 *         .request(EnumSet.of(ContextFlag.MUTUAL, ContextFlag.INTEGRITY)).build()) {
 *     StepResult r = c.step(null);
 *     while (true) {
 *         if (r.hasToken()) send(r.token());
 *         if (!r.continueNeeded()) break;
 *         r = c.step(receive());
 *     }
 * }
 * }</pre>
 * Failures throw {@link SspiException} with the SEC_E_* status.
 */
public final class ClientContext extends ContextSupport {
    private final int iscReq;
    private final ChannelBindings bindings;
    private final SecWinntAuthIdentity supplied;

    private ClientContext(
            SecurityContext context,
            Credentials credentials,
            int iscReq,
            ChannelBindings bindings,
            SecWinntAuthIdentity supplied) {
        super(context, credentials);
        this.iscReq = iscReq;
        this.bindings = bindings;
        this.supplied = supplied;
    }

    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    /**
     * One leg: {@code input} is null on the first call (unless the server spoke first) and the server's
     * token afterwards. Stepping an established context starts a re-authentication.
     */
    public StepResult step(byte[] input) throws SspiException {
        return doStep(input, iscReq, bindings, supplied);
    }

    /** The ISC_REQ bits this context asks with. */
    public int requestFlags() {
        return iscReq;
    }

    public static final class Builder {
        private final Engine engine;
        private SecurityPackage pkg = SecurityPackage.NEGOTIATE;
        private String target;
        private Set<ContextFlag> request = EnumSet.of(
                ContextFlag.MUTUAL,
                ContextFlag.INTEGRITY,
                ContextFlag.CONFIDENTIALITY,
                ContextFlag.REPLAY_DETECTION,
                ContextFlag.SEQUENCE_DETECTION);
        private int extraBits;
        private ChannelBindings bindings;
        private SecWinntAuthIdentity identity;

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        public Builder securityPackage(SecurityPackage p) {
            this.pkg = Objects.requireNonNull(p);
            return this;
        }

        /** The SPN ({@code HTTP/host}) or host-based name ({@code HTTP@host}). */
        public Builder target(String spn) {
            this.target = spn;
            return this;
        }

        /** The services to ask for (default: mutual, integrity, confidentiality, replay and sequence detection). */
        public Builder request(Set<ContextFlag> flags) {
            this.request = EnumSet.noneOf(ContextFlag.class);
            this.request.addAll(flags);
            return this;
        }

        /** Extra ISC_REQ bits without a ContextFlag (STREAM, EXTENDED_ERROR, NO_INTEGRITY, ...). */
        public Builder iscReqBits(int bits) {
            this.extraBits = bits;
            return this;
        }

        public Builder channelBindings(ChannelBindings b) {
            this.bindings = b;
            return this;
        }

        /** Explicit credentials; default credentials otherwise. */
        public Builder identity(SecWinntAuthIdentity id) {
            this.identity = id;
            return this;
        }

        public ClientContext build() throws SspiException {
            int bits = SspiTranslation.iscReqOf(request) | extraBits;
            if (request.contains(ContextFlag.DELEGATION)) {
                bits |= IscReq.ISC_REQ_DELEGATE;
            }
            org.jnegotiate.mech.PeerName targetName = Sspi.targetName(target);
            Credentials c;
            try {
                c = Credentials.acquire(engine, pkg, Sspi.SECPKG_CRED_OUTBOUND, null, identity);
            } catch (NegotiateException e) {
                throw new SspiException(e);
            }
            SecurityContext ctx = SecurityContext.initiator(engine, c, targetName);
            c.freeHandle(); // the context holds its own reference
            return new ClientContext(ctx, c, bits, bindings, null);
        }
    }
}
