package org.jnegotiate.gss;

import java.security.Provider;
import java.time.Clock;
import java.time.Instant;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import sun.security.jgss.spi.GSSCredentialSpi;
import sun.security.jgss.spi.GSSNameSpi;

/** A JNegotiate mechanism credential as the JDK framework sees it. */
final class GssCredential implements GSSCredentialSpi {
    private final Provider provider;
    private final MechOid mech;
    private final MechCredential credential;
    private final Clock clock;

    GssCredential(Provider provider, MechOid mech, MechCredential credential, Clock clock) {
        this.provider = provider;
        this.mech = mech;
        this.credential = credential;
        this.clock = clock;
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
        return credential.expiry().map(e -> secondsUntil(e, clock)).orElse(GSSCredential.INDEFINITE_LIFETIME);
    }

    /** Whole seconds from {@code clock}'s now until {@code when}, as GSS-API lifetimes count them (0 when past). */
    static int secondsUntil(Instant when, Clock clock) {
        long s = when.getEpochSecond() - clock.instant().getEpochSecond();
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

    /**
     * Constrained delegation (MS-SFU), as SunJGSS's {@code ExtendedGSSCredential.impersonate}: S4U2self for
     * {@code name} with this Kerberos initiator credential's TGT; contexts initiated with the result get their
     * tickets through S4U2proxy.
     */
    @Override
    public GSSCredentialSpi impersonate(GSSNameSpi name) throws GSSException {
        if (!(credential instanceof KerberosCredential service) || !isInitiatorCredential()) {
            throw GssErrors.of(
                    GSSException.NO_CRED, "only a Kerberos initiator credential can impersonate, not " + credential);
        }
        if (!(name instanceof GssName user)) {
            throw GssErrors.of(GSSException.BAD_NAME, "not a JNegotiate name: " + name);
        }
        try {
            return new GssCredential(
                    provider, mech, service.impersonate(user.peerName().name()), clock);
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        }
    }
}
