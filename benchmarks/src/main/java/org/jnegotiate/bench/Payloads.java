package org.jnegotiate.bench;

import java.util.Random;

/** The benchmarks' message sizes and contents. */
final class Payloads {
    static final String KIB = "1024";
    static final String SIXTY_FOUR_KIB = "65536";
    static final String MIB = "1048576";
    /**
     * PERF-BASELINE hygiene: the 1 MiB path reads 4x too slow unless the AES-CBC intrinsic was compiled, which
     * about 30,000 operations at 1 KiB before measuring make sure of.
     */
    static final int PREWARM_OPERATIONS = 30_000;

    static final int PREWARM_SIZE = 1024;

    private Payloads() {}

    /** Fixed pseudo-random bytes (content does not matter to AES or HMAC; a fixed seed keeps runs alike). */
    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
