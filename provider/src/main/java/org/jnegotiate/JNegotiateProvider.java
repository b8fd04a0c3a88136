package org.jnegotiate;

import java.security.Provider;
import org.jnegotiate.gss.ProviderRegistration;

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
 *
 * <p>This class is the public entry point only: what is registered, and when, is decided in the GSS door
 * ({@link ProviderRegistration}), which does not depend on this package.
 */
public final class JNegotiateProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = ProviderRegistration.NAME;

    private static volatile JNegotiateProvider instance;

    public JNegotiateProvider() {
        super(NAME, ProviderRegistration.VERSION, ProviderRegistration.INFO);
        ProviderRegistration.register(this);
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
        ProviderRegistration.install(JNegotiateProvider::instance);
    }

    /** Whether the GSS mechanisms are registered (false when the SPI export is missing). */
    public boolean gssMechanismsRegistered() {
        return ProviderRegistration.gssMechanismsRegistered(this);
    }
}
