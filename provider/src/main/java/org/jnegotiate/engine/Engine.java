package org.jnegotiate.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.KerberosWorld;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;

/**
 * The one engine both doors drive: the configuration and the mechanisms built from it, by OID.
 * Immutable once built. {@link #system()} is the instance the provider uses, made on first use from
 * {@link NegotiateConfig#fromSystem()}.
 */
public final class Engine {
    private final NegotiateConfig config;
    private final Map<MechOid, Mechanism> mechanisms;
    private final Clock clock;

    private Engine(NegotiateConfig config, Map<MechOid, Mechanism> mechanisms, Clock clock) {
        this.config = config;
        this.clock = clock;
        Map<MechOid, Mechanism> mechs = new EnumMap<>(mechanisms);
        if (config.requireMutualAuth()) {
            // the engine, not a door, refuses initiators that did not authenticate the acceptor
            mechs.replaceAll((oid, m) -> MutualAuthRequired.around(m));
        }
        this.mechanisms = Collections.unmodifiableMap(mechs);
    }

    /**
     * Builds an engine with every mechanism this build of JNegotiate provides, configured by {@code config}, in
     * the real world: KDCs over the network, the system clock, the crypto package's random generators.
     */
    public static Engine create(NegotiateConfig config) {
        return create(config, KerberosWorld.real());
    }

    /**
     * As {@link #create(NegotiateConfig)}, with the world injected once: the KDC transport (the engine's only
     * network I/O), the clock (ticket and authenticator times, and the choice of replay cache: engines on the same
     * clock share one, see {@link org.jnegotiate.krb5.ReplayCaches}) and the randomness of Kerberos subkeys,
     * sequence numbers, KDC nonces and confounders, and NTLM's challenges, timestamps and session keys.
     */
    public static Engine create(NegotiateConfig config, KdcTransport transport, Clock clock, SecureRandom random) {
        return create(config, new KerberosWorld(transport, clock, random));
    }

    private static Engine create(NegotiateConfig config, KerberosWorld world) {
        Objects.requireNonNull(config, "config");
        Map<MechOid, Mechanism> mechs = new EnumMap<>(MechOid.class);
        for (Mechanism m : MechanismCatalog.build(config, world)) {
            for (MechOid oid : m.oids()) {
                mechs.put(oid, m);
            }
        }
        return new Engine(config, mechs, world.clock());
    }

    /**
     * An engine over exactly {@code mechanisms} (each answering for the OIDs it is mapped to): a hook for tests
     * and embedders that bring their own mechanism implementations, on the system clock (UTC). {@link #create} is
     * the normal way.
     */
    public static Engine of(NegotiateConfig config, Map<MechOid, Mechanism> mechanisms) {
        return of(config, mechanisms, Clock.systemUTC());
    }

    /** As {@link #of(NegotiateConfig, Map)}, the doors telling lifetimes and start times by {@code clock}. */
    public static Engine of(NegotiateConfig config, Map<MechOid, Mechanism> mechanisms, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mechanisms, "mechanisms");
        Objects.requireNonNull(clock, "clock");
        return new Engine(config, mechanisms.isEmpty() ? new EnumMap<>(MechOid.class) : mechanisms, clock);
    }

    /** The engine of this JVM, configured from system properties and the environment on first use. */
    public static Engine system() {
        return SystemHolder.INSTANCE;
    }

    private static final class SystemHolder {
        static final Engine INSTANCE = create(NegotiateConfig.fromSystem());
    }

    public NegotiateConfig config() {
        return config;
    }

    /** The clock of this engine's world: the doors tell lifetimes by it. */
    public Clock clock() {
        return clock;
    }

    /** The OIDs this engine can serve. */
    public Set<MechOid> oids() {
        return mechanisms.keySet();
    }

    public Optional<Mechanism> find(MechOid oid) {
        return Optional.ofNullable(mechanisms.get(oid));
    }

    public Mechanism mechanism(MechOid oid) throws NegotiateException {
        Mechanism m = mechanisms.get(oid);
        if (m == null) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "mechanism " + oid + " is not available");
        }
        return m;
    }
}
