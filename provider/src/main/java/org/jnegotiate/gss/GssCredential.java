package org.jnegotiate.gss;

import java.security.Provider;
import java.time.Instant;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import sun.security.jgss.spi.GSSCredentialSpi;
import sun.security.jgss.spi.GSSNameSpi;

/** A JNegotiate mechanism credential as the JDK framework sees it. */
final class GssCredential implements GSSCredentialSpi {
    private final Provider provider;
    private final MechOid mech;
    private final MechCredential credential;

    GssCredential(Provider provider, MechOid mech, MechCredential credential) {
        this.provider = provider;
        this.mech = mech;
        this.credential = credential;
    }

    MechCredential credential() {
        return credential;
    }

    @Override
    public Provider getProvider() {
        return provider;
    }

    @Override
    public void dispose() {
        credential.dispose();
    }

    @Override
    public GSSNameSpi getName() {
        return credential.name().map(n -> new GssName(provider, mech, n)).orElse(null);
    }

    @Override
    public int getInitLifetime() {
        return isInitiatorCredential() ? remaining() : 0;
    }

    @Override
    public int getAcceptLifetime() {
        return isAcceptorCredential() ? remaining() : 0;
    }

    private int remaining() {
        return credential.expiry().map(GssCredential::secondsUntil).orElse(GSSCredential.INDEFINITE_LIFETIME);
    }

    static int secondsUntil(Instant when) {
        long s = when.getEpochSecond() - Instant.now().getEpochSecond();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1L, s));
    }

    @Override
    public boolean isInitiatorCredential() {
        return credential.usage() != MechCredential.Usage.ACCEPT;
    }

    @Override
    public boolean isAcceptorCredential() {
        return credential.usage() != MechCredential.Usage.INITIATE;
    }

    @Override
    public Oid getMechanism() {
        return mech.oid();
    }

    @Override
    public GSSCredentialSpi impersonate(GSSNameSpi name) throws GSSException {
        throw GssErrors.of(GSSException.UNAVAILABLE, "constrained delegation (S4U2self) is not supported");
    }
}
