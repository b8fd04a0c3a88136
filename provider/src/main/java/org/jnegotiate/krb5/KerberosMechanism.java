package org.jnegotiate.krb5;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.creds.KerberosCredentials;
import org.jnegotiate.krb5.creds.KeySource;
import org.jnegotiate.krb5.creds.TicketSource;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.kdc.TgsExchange;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;

/**
 * The Kerberos v5 GSS mechanism (RFC 4121), answering both the standard and the Microsoft OID.
 *
 * <p>Everything that touches the outside world is handed in: credential acquisition (ccache, keytab, JAAS
 * Subject, password: the credentials package), the realm of a host (krb5.conf), the replay cache, the clock and
 * skew, the TGS client for delegated credentials, and the crypto. An initiator credential must implement
 * {@link TicketSource}, an acceptor credential {@link KeySource}.
 */
public final class KerberosMechanism implements Mechanism {
    private static final Set<MechOid> OIDS = Set.of(MechOid.KERBEROS, MechOid.MS_KERBEROS);
    private final CredentialAcquirer acquirer;
    private final KerberosSettings settings;

    /** Acquires Kerberos credentials; implemented by the credentials package. */
    @FunctionalInterface
    public interface CredentialAcquirer {
        /**
         * A credential for the request: for INITIATE a {@link TicketSource}, for ACCEPT a {@link KeySource}
         * (both for BOTH). Fails with NO_CREDENTIALS when there is none.
         */
        MechCredential acquire(CredentialRequest request) throws NegotiateException;
    }

    public KerberosMechanism(CredentialAcquirer acquirer, KerberosSettings settings) {
        this.acquirer = Objects.requireNonNull(acquirer, "acquirer");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The production wiring: krb5.conf (realms, KDCs, clock skew, ticket options), the credentials package
     * for acquisition, the network KDC transport for TGS requests of delegated credentials, the crypto
     * package, and the JVM's replay cache ({@link ReplayCaches}) unless the config disables it.
     *
     * @throws NegotiateException NO_AUTHENTICATING_AUTHORITY when krb5.conf is missing or unreadable
     */
    public static KerberosMechanism create(NegotiateConfig config) throws NegotiateException {
        return create(config, KerberosWorld.real());
    }

    /** As {@link #create(NegotiateConfig)} in a given world (KDC transport, clock, randomness). */
    public static KerberosMechanism create(NegotiateConfig config, KerberosWorld world) throws NegotiateException {
        return create(config, Krb5Config.load(config), world);
    }

    /** As {@link #create(NegotiateConfig, KerberosWorld)} with a given krb5.conf snapshot (a reload). */
    public static KerberosMechanism create(NegotiateConfig config, Krb5Config krb5, KerberosWorld world) {
        return create(config, krb5, sharedReplayCache(config, krb5, world), world);
    }

    /**
     * The JVM's replay cache of this world's clock ({@link ReplayCaches}), unless the config disables it, widened to
     * krb5.conf's clock skew but never shorter than MIT's default ({@link KerberosSettings#DEFAULT_SKEW}), so that it
     * remembers authenticators for as long as the skew check lets them in. Every build and reload finds the same
     * cache: a fresh one would re-open the replay window.
     */
    private static Optional<ReplayCache> sharedReplayCache(
            NegotiateConfig config, Krb5Config krb5, KerberosWorld world) {
        if (!config.replayCache()) {
            return Optional.empty();
        }
        Duration skew = krb5.clockSkew();
        Duration window = skew.compareTo(KerberosSettings.DEFAULT_SKEW) > 0 ? skew : KerberosSettings.DEFAULT_SKEW;
        return Optional.of(ReplayCaches.shared(world.clock(), world.random(), window, config.replayCacheMaxEntries()));
    }

    /**
     * As {@link #create(NegotiateConfig)} with a given krb5.conf snapshot and replay cache (tests that need one of
     * their own pass it here).
     */
    public static KerberosMechanism create(NegotiateConfig config, Krb5Config krb5, Optional<ReplayCache> replayCache) {
        return create(config, krb5, replayCache, KerberosWorld.real());
    }

    /** The wiring of all the others: krb5.conf snapshot, replay cache and world given. */
    public static KerberosMechanism create(
            NegotiateConfig config, Krb5Config krb5, Optional<ReplayCache> replayCache, KerberosWorld world) {
        KdcRequestContext kdc = world.kdcRequests(krb5, config.allowWeakCrypto());
        TgsExchange tgs = new TgsExchange(kdc);
        KerberosSettings settings = new KerberosSettings(
                world.crypto(),
                world.clock(),
                krb5.clockSkew(),
                RealmResolver.of(krb5),
                replayCache,
                false,
                config.allowWeakCrypto(),
                Optional.of(TgsClient.of(tgs, krb5)));
        return new KerberosMechanism(request -> KerberosCredentials.acquire(request, config, kdc), settings);
    }

    public KerberosSettings settings() {
        return settings;
    }

    @Override
    public Set<MechOid> oids() {
        return OIDS;
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        return acquirer.acquire(request);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        MechCredential cred = credential != null
                ? credential
                : acquirer.acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE));
        if (!(cred instanceof TicketSource tickets) || cred.usage() == MechCredential.Usage.ACCEPT) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "the credential " + cred.name().map(Object::toString).orElse("(default)")
                            + " cannot initiate Kerberos contexts");
        }
        return new KerberosInitiator(oid, tickets, request, settings);
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        MechCredential cred = credential != null
                ? credential
                : acquirer.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT));
        if (!(cred instanceof KeySource keys) || cred.usage() == MechCredential.Usage.INITIATE) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "the credential " + cred.name().map(Object::toString).orElse("(default)")
                            + " holds no service keys to accept Kerberos contexts");
        }
        return new KerberosAcceptor(oid, keys, request, settings);
    }

    private static void checkOid(MechOid oid) throws NegotiateException {
        if (oid == null || !oid.isKerberos()) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "not a Kerberos mechanism OID: " + oid);
        }
    }
}
