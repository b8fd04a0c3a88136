package org.jnegotiate.sspi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.NegotiateException;

/** The server side for new Java code: AcceptSecurityContext without handles and buffers. */
public final class ServerContext extends ContextSupport {
    private final int ascReq;
    private final ChannelBindings bindings;

    private ServerContext(SecurityContext context, Credentials credentials, int ascReq, ChannelBindings bindings) {
        super(context, credentials);
        this.ascReq = ascReq;
        this.bindings = bindings;
    }

    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    /** One leg: the client's token in, the reply out. */
    public StepResult step(byte[] input) throws SspiException {
        return doStep(input, ascReq, bindings, null);
    }

    /** The credential the client delegated (Kerberos), once established. */
    public Optional<MechCredential> delegatedCredential() throws SspiException {
        return context.establishedContext().delegatedCredential();
    }

    /**
     * The verified PAC of the client's Kerberos ticket (the user's SID, groups and names), once established; empty
     * for NTLM and for tickets without a PAC. (Windows turns the PAC into the access token of
     * QuerySecurityContextToken.)
     */
    public Optional<Pac> pac() throws SspiException {
        return context.establishedContext().attribute(Pac.class);
    }

    public static final class Builder {
        private final Engine engine;
        private SecurityPackage pkg = SecurityPackage.NEGOTIATE;
        private Set<ContextFlag> request = EnumSet.noneOf(ContextFlag.class);
        private int extraBits;
        private ChannelBindings bindings;
        private String principal;

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        public Builder securityPackage(SecurityPackage p) {
            this.pkg = Objects.requireNonNull(p);
            return this;
        }

        /** The acceptor's own principal; default acceptor credentials otherwise. */
        public Builder principal(String name) {
            this.principal = name;
            return this;
        }

        public Builder request(Set<ContextFlag> flags) {
            this.request = EnumSet.noneOf(ContextFlag.class);
            this.request.addAll(flags);
            return this;
        }

        /** Extra ASC_REQ bits without a ContextFlag (STREAM, EXTENDED_ERROR, ...). */
        public Builder ascReqBits(int bits) {
            this.extraBits = bits;
            return this;
        }

        /** Channel bindings the client must present. */
        public Builder channelBindings(ChannelBindings b) {
            this.bindings = b;
            return this;
        }

        public ServerContext build() throws SspiException {
            Credentials c;
            try {
                c = Credentials.acquire(engine, pkg, Sspi.SECPKG_CRED_INBOUND, principal, null);
            } catch (NegotiateException e) {
                throw new SspiException(e);
            }
            SecurityContext ctx = SecurityContext.acceptor(engine, c);
            c.freeHandle();
            return new ServerContext(ctx, c, SspiTranslation.ascReqOf(request) | extraBits, bindings);
        }
    }
}
