package org.jnegotiate.sspi;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * SSPI {@code TimeStamp} out-parameter (ptsExpiry). The ISC page says local time, as the Windows packages
 * return it: {@link #getQuadPart()} is a FILETIME (100 ns units since 1601-01-01) of the <em>local</em> wall
 * clock of {@link #zone()}, and {@link #localTime()} is the same moment with its zone. {@link #instant()}
 * is the absolute moment. A context without an end is reported as {@link #NEVER_QUAD}, Windows'
 * "never expires" value.
 */
public final class TimeStamp {
    /** The largest positive SECURITY_INTEGER: "never" (what Windows returns for no expiry). */
    public static final long NEVER_QUAD = Long.MAX_VALUE;
    /** Seconds between 1601-01-01 and 1970-01-01. */
    private static final long EPOCH_DIFF_SECONDS = 11_644_473_600L;

    private Instant instant;
    private ZoneId zone = ZoneId.systemDefault();

    public TimeStamp() {}

    /** The absolute moment; null for "never" or before it was set. */
    public Instant instant() {
        return instant;
    }

    public boolean isNever() {
        return instant == null;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The moment in the local zone; null for "never". */
    public ZonedDateTime localTime() {
        return instant == null ? null : instant.atZone(zone);
    }

    /** A local-time FILETIME, or {@link #NEVER_QUAD}. */
    public long getQuadPart() {
        if (instant == null) {
            return NEVER_QUAD;
        }
        long offset = zone.getRules().getOffset(instant).getTotalSeconds();
        long seconds = instant.getEpochSecond() + offset + EPOCH_DIFF_SECONDS;
        if (seconds > (Long.MAX_VALUE - 9_999_999L) / 10_000_000L) {
            return NEVER_QUAD;
        }
        return seconds * 10_000_000L + instant.getNano() / 100;
    }

    void set(Instant when) {
        this.instant = when;
    }

    void setZone(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String toString() {
        return instant == null ? "TimeStamp[never]" : "TimeStamp[" + localTime() + "]";
    }
}
