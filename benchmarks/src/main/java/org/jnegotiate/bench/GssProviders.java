package org.jnegotiate.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.security.PrivilegedExceptionAction;
import java.security.Provider;
import java.security.Security;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;

/**
 * One {@link GSSManager} per provider under test, so that SunJGSS and JNegotiate run the same benchmark code in
 * the same kind of JVM, and a check of which provider really serves a context (a benchmark that silently measured
 * SunJGSS under the name JNegotiate would be worse than none).
 */
public final class GssProviders {
    public static final String SUN_JGSS = "SunJGSS";
    public static final String JNEGOTIATE = "JNegotiate";
    public static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    public static final Oid SPNEGO = oid("1.3.6.1.5.5.2");

    /** {@code Subject.callAs} (JDK 18+) or {@code Subject.doAs} (JDK 17), looked up once. */
    private static final MethodHandle CALL_AS = callAs();

    private GssProviders() {}

    /**
     * A manager that uses {@code providerName} for Kerberos and SPNEGO. Fails when the provider is not there or does not
     * implement Kerberos (for JNegotiate: the mechanism is not registered, or the JVM lacks the SPI export).
     */
    public static GSSManager kerberosManager(String providerName) {
        Provider provider = provider(providerName);
        String key = "GssApiMechanism." + KRB5;
        if (provider.getProperty(key) == null) {
            throw new IllegalStateException(providerName + " does not register Kerberos (" + key
                    + " is missing): nothing to measure. For JNegotiate the JVM needs "
                    + "--add-exports java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED and the mechanism must be "
                    + "registered in org.jnegotiate.engine.MechanismCatalog");
        }
        GSSManager manager = GSSManager.getInstance();
        try {
            manager.addProviderAtFront(provider, KRB5);
            manager.addProviderAtFront(provider, SPNEGO);
        } catch (GSSException e) {
            throw new IllegalStateException("cannot put " + providerName + " first for Kerberos and SPNEGO", e);
        }
        return manager;
    }

    private static Provider provider(String name) {
        switch (name) {
            case SUN_JGSS:
                Provider sun = Security.getProvider(SUN_JGSS);
                if (sun == null) {
                    throw new IllegalStateException("this JDK has no SunJGSS provider");
                }
                return sun;
            case JNEGOTIATE:
                // Built here, after the fixture set java.security.krb5.conf: the engine reads its configuration
                // when the provider is constructed. Not installed in the global list: only our manager uses it.
                return new JNegotiateProvider();
            default:
                throw new IllegalArgumentException("unknown provider " + name);
        }
    }

    /**
     * Fails unless {@code context} is served by the mechanism of {@code expectedProvider}. Reads the JDK's
     * private {@code GSSContextImpl.mechCtxt} (needs {@code --add-opens java.security.jgss/sun.security.jgss}).
     */
    public static void assertServedBy(GSSContext context, String expectedProvider) {
        if (!expectedProvider.equals(providerName(context))) {
            throw new IllegalStateException(
                    "the context is served by " + servingProvider(context) + ", not by " + expectedProvider);
        }
    }

    static String servingProvider(GSSContext context) {
        try {
            Field mech = mechField(context.getClass());
            mech.setAccessible(true);
            // through the exported SPI interface (the implementation classes are in unexported packages), looked up
            // by name so that only the provider's GSS door compiles against the JDK's internals
            Object spi = mech.get(context);
            Provider p = (Provider) Class.forName("sun.security.jgss.spi.GSSContextSpi")
                    .getMethod("getProvider")
                    .invoke(spi);
            return p.getName() + " (" + spi.getClass().getName() + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot tell which provider serves " + context.getClass().getName()
                            + "; does the JVM have --add-opens java.security.jgss/sun.security.jgss=ALL-UNNAMED?",
                    e);
        }
    }

    /** {@code GSSContextImpl.mechCtxt}, declared by a superclass of {@code ExtendedGSSContextImpl}. */
    private static Field mechField(Class<?> type) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField("mechCtxt");
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException("mechCtxt in " + type.getName() + " or its superclasses");
    }

    /** The provider name alone, for {@link #assertServedBy}. */
    public static String providerName(GSSContext context) {
        String described = servingProvider(context);
        return described.substring(0, described.indexOf(' '));
    }

    /** Runs {@code action} as {@code subject}, the way an application hands credentials to GSS-API. */
    @SuppressWarnings("removal")
    public static <T> T as(Subject subject, PrivilegedExceptionAction<T> action) throws Exception {
        try {
            if (CALL_AS.type().parameterType(1) == Callable.class) {
                Callable<T> callable = action::run;
                @SuppressWarnings("unchecked")
                T result = (T) CALL_AS.invoke(subject, callable);
                return result;
            }
            @SuppressWarnings("unchecked")
            T result = (T) CALL_AS.invoke(subject, action);
            return result;
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle callAs() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            return lookup.findStatic(
                    Subject.class, "callAs", MethodType.methodType(Object.class, Subject.class, Callable.class));
        } catch (NoSuchMethodException | IllegalAccessException jdk17) {
            try {
                return lookup.findStatic(
                        Subject.class,
                        "doAs",
                        MethodType.methodType(Object.class, Subject.class, PrivilegedExceptionAction.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
