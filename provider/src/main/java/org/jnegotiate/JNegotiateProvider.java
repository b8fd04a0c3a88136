package org.jnegotiate;

import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.gss.JgssAccess;
import org.jnegotiate.mech.MechOid;

/**
 * The {@code JNegotiate} security provider: GSS-API mechanisms for SPNEGO, Kerberos v5 (both OIDs) and
 * NTLM that the JDK's {@code GSSManager} uses when this provider comes before SunJGSS.
 *
 * <p>Install it with {@code security.provider.1=JNegotiate} in a {@code java.security} file plus the JVM
 * flag {@code --add-exports java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED}, with
 * {@code -javaagent:jnegotiate-provider.jar}, or from code with {@link #install()}. Without the export the
 * provider registers no mechanism and logs exactly which flag is missing; without the classes its mechanisms need
 * (Kerby, BouncyCastle, its own engine) it registers no mechanism either and logs exactly which jar and class
 * are missing, so that the JDK's own mechanisms keep serving instead of failing on first use.
 */
public final class JNegotiateProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "JNegotiate";
    private static final System.Logger LOG = System.getLogger("org.jnegotiate");

    /** The factory class the JDK instantiates for each OID. */
    private static final Map<MechOid, String> FACTORIES = Map.of(
            MechOid.KERBEROS, "org.jnegotiate.gss.KerberosMechFactory",
            MechOid.MS_KERBEROS, "org.jnegotiate.gss.MsKerberosMechFactory",
            MechOid.NTLM, "org.jnegotiate.gss.NtlmMechFactory",
            MechOid.SPNEGO, "org.jnegotiate.gss.SpnegoMechFactory");

    private static volatile JNegotiateProvider instance;

    public JNegotiateProvider() {
        super(NAME, "0.1", "JNegotiate: the Windows Negotiate package (SPNEGO, Kerberos v5, NTLM) for GSS-API");
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
                put("GssApiMechanism." + oid.dotted(), factory);
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

    /** A shared instance, for code that needs a provider object without registering one. */
    public static JNegotiateProvider instance() {
        JNegotiateProvider p = instance;
        if (p == null) {
            synchronized (JNegotiateProvider.class) {
                p = instance;
                if (p == null) {
                    p = new JNegotiateProvider();
                    instance = p;
                }
            }
        }
        return p;
    }

    /**
     * Registers the provider first in the provider list, so that {@code GSSManager.getInstance()} uses it
     * for every mechanism it implements. Idempotent.
     *
     * @throws IllegalStateException when the JVM does not export {@code sun.security.jgss.spi} to JNegotiate
     *                               (the message names the exact flag), or when a class the mechanisms need
     *                               cannot be loaded (the message names each missing jar and class, in the words
     *                               of the WARNING logged under {@code org.jnegotiate}); nothing is registered
     */
    public static void install() {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            instance(); // its constructor logs the WARNING, once per JVM however the provider was reached
            throw new IllegalStateException(unavailable);
        }
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(instance(), 1);
        }
    }

    /** Whether the GSS mechanisms are registered (false when the SPI export is missing). */
    public boolean gssMechanismsRegistered() {
        return keySet().stream().anyMatch(k -> k.toString().startsWith("GssApiMechanism."));
    }
}
