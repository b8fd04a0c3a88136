package org.jnegotiate.gss;

import java.security.Provider;
import java.time.Duration;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import sun.security.jgss.GSSCaller;
import sun.security.jgss.spi.GSSContextSpi;
import sun.security.jgss.spi.GSSCredentialSpi;
import sun.security.jgss.spi.GSSNameSpi;
import sun.security.jgss.spi.MechanismFactory;

/**
 * The JDK's entry point into one JNegotiate mechanism. The framework instantiates a subclass per OID
 * through its public {@code (GSSCaller)} constructor (DESIGN.md).
 */
abstract class EngineMechFactory implements MechanismFactory {
    private static final Oid[] NAME_TYPES = {
        GSSName.NT_HOSTBASED_SERVICE,
        GSSName.NT_USER_NAME,
        GssName.KRB5_PRINCIPAL_NAME_TYPE,
        GSSName.NT_EXPORT_NAME,
        GSSName.NT_ANONYMOUS
    };

    private final MechOid mech;
    private final Engine engine;
    /** The JDK's HTTP callers may use the default ccache without a Subject, like SunJGSS lets them. */
    private final Boolean subjectCredsOnly;

    EngineMechFactory(GSSCaller caller, MechOid mech) {
        if (!JgssAccess.spiExported()) {
            throw new IllegalStateException(JgssAccess.explanation());
        }
        this.mech = mech;
        this.engine = Engine.system();
        this.subjectCredsOnly =
                caller != null && caller.getClass().getSimpleName().equals("HttpCaller") ? Boolean.FALSE : null;
    }

    private Provider provider() {
        return ProviderRegistration.provider();
    }

    @Override
    public Oid getMechanismOid() {
        return mech.oid();
    }

    @Override
    public Provider getProvider() {
        return provider();
    }

    @Override
    public Oid[] getNameTypes() {
        return NAME_TYPES.clone();
    }

    @Override
    public GSSCredentialSpi getCredentialElement(GSSNameSpi name, int initLifetime, int acceptLifetime, int usage)
            throws GSSException {
        MechCredential.Usage u = usage == GSSCredential.INITIATE_ONLY
                ? MechCredential.Usage.INITIATE
                : usage == GSSCredential.ACCEPT_ONLY ? MechCredential.Usage.ACCEPT : MechCredential.Usage.BOTH;
        CredentialRequest request = CredentialRequest.of(
                        name == null ? null : toEngine(name).peerName(), u)
                .withSubjectCredsOnly(subjectCredsOnly);
        int lifetime = u == MechCredential.Usage.ACCEPT ? acceptLifetime : initLifetime;
        if (lifetime > 0 && lifetime != GSSCredential.INDEFINITE_LIFETIME) {
            request = request.withLifetime(Duration.ofSeconds(lifetime));
        }
        request = CallerSubject.get().map(request::withSubject).orElse(request);
        try {
            return new GssCredential(provider(), mech, engine.mechanism(mech).acquire(request), engine.clock());
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        }
    }

    @Override
    public GSSNameSpi getNameElement(String nameStr, Oid nameType) throws GSSException {
        return new GssName(provider(), mech, GssName.parse(mech, nameStr, nameType));
    }

    @Override
    public GSSNameSpi getNameElement(byte[] name, Oid nameType) throws GSSException {
        if (nameType != null && nameType.equals(GSSName.NT_EXPORT_NAME)) {
            return new GssName(provider(), mech, GssName.parseExported(mech, name));
        }
        return getNameElement(new String(name, java.nio.charset.StandardCharsets.UTF_8), nameType);
    }

    @Override
    public GSSContextSpi getMechanismContext(GSSNameSpi peer, GSSCredentialSpi myInitiatorCred, int lifetime)
            throws GSSException {
        return GssContext.initiator(
                provider(),
                engine,
                mech,
                toEngine(peer).peerName(),
                credential(myInitiatorCred),
                lifetime,
                subjectCredsOnly);
    }

    @Override
    public GSSContextSpi getMechanismContext(GSSCredentialSpi myAcceptorCred) throws GSSException {
        return GssContext.acceptor(provider(), engine, mech, credential(myAcceptorCred), subjectCredsOnly);
    }

    @Override
    public GSSContextSpi getMechanismContext(byte[] exportedContext) throws GSSException {
        throw GssErrors.of(GSSException.UNAVAILABLE, "JNegotiate contexts cannot be imported");
    }

    private GssName toEngine(GSSNameSpi name) throws GSSException {
        if (name instanceof GssName g) {
            return g;
        }
        // a name element of another provider: re-read its text
        return new GssName(provider(), mech, GssName.parse(mech, name.toString(), name.getStringNameType()));
    }

    private static MechCredential credential(GSSCredentialSpi cred) throws GSSException {
        if (cred == null) {
            return null;
        }
        if (cred instanceof GssCredential g) {
            return g.credential();
        }
        throw GssErrors.of(
                GSSException.NO_CRED,
                "the credential belongs to another provider ("
                        + cred.getProvider().getName() + ")");
    }
}
