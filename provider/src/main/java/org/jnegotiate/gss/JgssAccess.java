package org.jnegotiate.gss;

import java.util.Optional;

/**
 * Whether the JDK's GSS SPI packages are exported to JNegotiate. This class touches no JDK internals
 * itself, so it can be asked before anything that does is loaded.
 */
public final class JgssAccess {
    public static final String SPI_PACKAGE = "sun.security.jgss.spi";
    public static final String JGSS_PACKAGE = "sun.security.jgss";
    /** Only for KRB5_GET_AUTHZ_DATA, whose answer the JDK wants in its own type (optional). */
    public static final String KRB5_INTERNAL_PACKAGE = "sun.security.krb5.internal";

    public static final String MODULE = "java.security.jgss";

    private JgssAccess() {}

    /** True when {@code sun.security.jgss.spi} is exported to JNegotiate's module. */
    public static boolean spiExported() {
        return missingFlag().isEmpty();
    }

    /** True when the JDK's Kerberos types are exported to JNegotiate (needed for KRB5_GET_AUTHZ_DATA only). */
    public static boolean krb5InternalExported() {
        Optional<Module> jgss = ModuleLayer.boot().findModule(MODULE);
        return jgss.isPresent() && jgss.get().isExported(KRB5_INTERNAL_PACKAGE, JgssAccess.class.getModule());
    }

    /** The flag that exports the JDK's Kerberos types (for KRB5_GET_AUTHZ_DATA). */
    public static String krb5InternalFlag() {
        return "--add-exports " + MODULE + "/" + KRB5_INTERNAL_PACKAGE + "=" + target(JgssAccess.class.getModule());
    }

    /** The JVM flag that is missing, if any (the exact text to add to the command line). */
    public static Optional<String> missingFlag() {
        Module self = JgssAccess.class.getModule();
        Optional<Module> jgss = ModuleLayer.boot().findModule(MODULE);
        if (jgss.isEmpty()) {
            return Optional.of(
                    "(the java.security.jgss module is not in this runtime image; add it with jlink --add-modules "
                            + MODULE + ")");
        }
        if (jgss.get().isExported(SPI_PACKAGE, self)) {
            return Optional.empty();
        }
        return Optional.of("--add-exports " + MODULE + "/" + SPI_PACKAGE + "=" + target(self));
    }

    private static String target(Module m) {
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /** A complete explanation for logs and exceptions. */
    public static String explanation() {
        return "JNegotiate cannot plug into the JDK's GSS-API framework because the JDK does not export "
                + SPI_PACKAGE + " to it. Start the JVM with "
                + missingFlag().orElse("(nothing missing)")
                + " (or with -javaagent:jnegotiate-provider.jar, which adds the export itself).";
    }
}
