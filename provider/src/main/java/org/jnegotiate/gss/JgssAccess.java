package org.jnegotiate.gss;

import java.util.Optional;

/**
 * Whether the JDK's GSS SPI packages are exported to JNegotiate. This class touches no JDK internals
 * itself, so it can be asked before anything that does is loaded.
 */
public final class JgssAccess {
    public static final String SPI_PACKAGE = "sun.security.jgss.spi";
    public static final String JGSS_PACKAGE = "sun.security.jgss";
    public static final String MODULE = "java.security.jgss";

    private JgssAccess() {
    }

    /** True when {@code sun.security.jgss.spi} is exported to JNegotiate's module. */
    public static boolean spiExported() {
        return missingFlag().isEmpty();
    }

    /** The JVM flag that is missing, if any (the exact text to add to the command line). */
    public static Optional<String> missingFlag() {
        Module self = JgssAccess.class.getModule();
        Optional<Module> jgss = ModuleLayer.boot().findModule(MODULE);
        if (jgss.isEmpty()) {
            return Optional.of("(the java.security.jgss module is not in this runtime image; add it with jlink --add-modules "
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
