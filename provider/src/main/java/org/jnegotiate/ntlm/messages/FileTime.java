package org.jnegotiate.ntlm.messages;

import java.time.Instant;

/**
 * Windows FILETIME: 100-nanosecond ticks since 1601-01-01 UTC, little-endian 64-bit on the wire
 * (MS-DTYP section 2.3.3), as used by MsvAvTimestamp and the NTLMv2 client challenge.
 */
public final class FileTime {
    /** Seconds from 1601-01-01 to 1970-01-01. */
    private static final long EPOCH_DIFF_SECONDS = 11_644_473_600L;

    private FileTime() {}

    public static long fromInstant(Instant t) {
        return (t.getEpochSecond() + EPOCH_DIFF_SECONDS) * 10_000_000L + t.getNano() / 100;
    }

    public static Instant toInstant(long fileTime) {
        long seconds = Long.divideUnsigned(fileTime, 10_000_000L) - EPOCH_DIFF_SECONDS;
        long ticks = Long.remainderUnsigned(fileTime, 10_000_000L);
        return Instant.ofEpochSecond(seconds, ticks * 100);
    }

    static long read(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void write(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
