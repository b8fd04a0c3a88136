package org.jnegotiate.bench;

/** The flags every benchmark fork runs with (referenced from each {@code @Fork}). */
final class JvmFlags {
    /** JNegotiate's GSS factories need the SPI export; the provider check in setup needs the open package. */
    static final String SPI_EXPORT = "--add-exports=java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED";

    static final String JGSS_EXPORT = "--add-exports=java.security.jgss/sun.security.jgss=ALL-UNNAMED";
    static final String JGSS_OPEN = "--add-opens=java.security.jgss/sun.security.jgss=ALL-UNNAMED";
    /** A fixed heap as in PERF-BASELINE.md, so that GC sizing is not what differs between runs. */
    static final String XMS = "-Xms2g";

    static final String XMX = "-Xmx2g";

    private JvmFlags() {}
}
