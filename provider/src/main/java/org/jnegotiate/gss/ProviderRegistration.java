package org.jnegotiate.gss;

import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;

/**
 * What the {@code JNegotiate} security provider registers and when it can: the GSS mechanism factories of the
 * engine's OIDs, once the SPI export and the runtime dependencies are there. The public provider class,
 * {@code org.jnegotiate.JNegotiateProvider}, is a thin entry point over this class; the GSS door (its factories and
 * the agent) depends on nothing above it and finds that provider object the way the JDK does for a
 * {@code security.provider.N=JNegotiate} line: by name, through {@code META-INF/services/java.security.Provider}.
 */
public final class ProviderRegistration {
    public static final String NAME = "JNegotiate";
    public static final String VERSION = "0.1";
    public static final String INFO =
            "JNegotiate: the Windows Negotiate package (SPNEGO, Kerberos v5, NTLM) for GSS-API";
    private static final System.Logger LOG = System.getLogger("org.jnegotiate");
    private static final String MECHANISM_KEY = "GssApiMechanism.";

    /**
     * The factory class the JDK instantiates for each OID, by name: without the SPI export the factories cannot even
     * be loaded (they implement {@code sun.security.jgss.spi.MechanismFactory}).
     */
    private static final Map<MechOid, String> FACTORIES = Map.of(
            MechOid.KERBEROS, "org.jnegotiate.gss.KerberosMechFactory",
            MechOid.MS_KERBEROS, "org.jnegotiate.gss.MsKerberosMechFactory",
            MechOid.NTLM, "org.jnegotiate.gss.NtlmMechFactory",
            MechOid.SPNEGO, "org.jnegotiate.gss.SpnegoMechFactory");

    private ProviderRegistration() {}

    /**
     * Puts the mechanism factories of the system engine's OIDs into {@code provider}; when they cannot run, puts
     * nothing and logs why at WARNING (ERROR for an invalid configuration), so that the JDK's own mechanisms keep
     * serving instead of failing on first use.
     */
    public static void register(Provider provider) {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            LOG.log(Level.WARNING, unavailable + " No JNegotiate mechanism is registered.");
            return;
        }
        Engine engine;
        try {
            engine = Engine.system();
        } catch (RuntimeException | ExceptionInInitializerError e) {
            LOG.log(Level.ERROR, "JNegotiate's configuration is invalid; no mechanism is registered: " + e, e);
            return;
        }
        for (MechOid oid : MechOid.values()) {
            String factory = FACTORIES.get(oid);
            if (factory != null && engine.oids().contains(oid)) {
                provider.put(MECHANISM_KEY + oid.dotted(), factory);
            }
        }
    }

    /**
     * Why no mechanism can be registered, or null when they can: the SPI export is checked first (without it the
     * factories cannot even be loaded), then every class the mechanisms need.
     */
    private static String unavailableReason() {
        if (!JgssAccess.spiExported()) {
            return JgssAccess.explanation();
        }
        return RuntimeDependencies.explanation().orElse(null);
    }

    /**
     * Puts the provider {@code shared} gives first in the provider list, unless one named {@code JNegotiate} is
     * there already.
     *
     * @throws IllegalStateException when the mechanisms cannot run (the message is the WARNING that constructing the
     *                               provider logs); nothing is registered
     */
    public static void install(Supplier<? extends Provider> shared) {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            shared.get(); // its constructor logs the WARNING, once per JVM however the provider was reached
            throw new IllegalStateException(unavailable);
        }
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(shared.get(), 1);
        }
    }

    /** Whether {@code provider} has GSS mechanisms registered. */
    public static boolean gssMechanismsRegistered(Provider provider) {
        return provider.keySet().stream().anyMatch(k -> k.toString().startsWith(MECHANISM_KEY));
    }

    /** The provider named {@code JNegotiate}: the installed one, else the one the services file names. */
    static Provider provider() {
        Provider installed = Security.getProvider(NAME);
        return installed != null ? installed : listed();
    }

    /**
     * The provider the services file names, made once on first use (for the agent and the factories).
     *
     * @throws IllegalStateException when no services file of this class's loader names it (a repackaged jar)
     */
    static Provider listed() {
        return Listed.PROVIDER.orElseThrow(() -> new IllegalStateException(
                "no java.security.Provider named " + NAME + " is listed in META-INF/services/java.security.Provider"));
    }

    private static final class Listed {
        static final Optional<Provider> PROVIDER = load();

        /**
         * As the JDK resolves a provider by name: every provider listed in a services file of this class's
         * loader and module, the first named {@code JNegotiate}.
         */
        private static Optional<Provider> load() {
            Module self = ProviderRegistration.class.getModule();
            return ServiceLoader.load(Provider.class, ProviderRegistration.class.getClassLoader()).stream()
                    .filter(p -> p.type().getModule() == self)
                    .map(ServiceLoader.Provider::get)
                    .filter(p -> p.getName().equals(NAME))
                    .findFirst();
        }
    }
}
