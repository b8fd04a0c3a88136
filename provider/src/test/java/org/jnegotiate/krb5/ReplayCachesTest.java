package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayCachesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.fixed(Instant.parse("2031-02-03T04:05:06Z"), ZoneOffset.UTC);

    @Test
    void sameClock_sameCache() {
        assertSame(
                ReplayCaches.shared(clock, RANDOM, Duration.ofMinutes(5), 100),
                ReplayCaches.shared(Clock.fixed(clock.instant(), ZoneOffset.UTC), RANDOM, Duration.ofMinutes(5), 100));
    }

    @Test
    void systemClocks_shareOneCache() {
        assertSame(
                ReplayCaches.shared(Clock.systemUTC(), RANDOM, Duration.ofMinutes(5), 100),
                ReplayCaches.shared(Clock.system(ZoneOffset.UTC), RANDOM, Duration.ofMinutes(5), 100));
    }

    @Test
    void otherClock_otherCache() {
        Clock other = Clock.fixed(Instant.parse("2031-02-03T04:05:07Z"), ZoneOffset.UTC);
        assertNotSame(
                ReplayCaches.shared(clock, RANDOM, Duration.ofMinutes(5), 100),
                ReplayCaches.shared(other, RANDOM, Duration.ofMinutes(5), 100));
    }

    @Test
    void laterSharer_widensWindowAndBound_neverNarrows() {
        Clock own = Clock.fixed(Instant.parse("2031-02-03T04:05:08Z"), ZoneOffset.UTC);
        ReplayCache cache = ReplayCaches.shared(own, RANDOM, Duration.ofMinutes(5), 100);
        ReplayCaches.shared(own, RANDOM, Duration.ofMinutes(10), 50);
        assertEquals(Duration.ofMinutes(10), cache.window());
        assertEquals(100, cache.maxEntries());
        ReplayCaches.shared(own, RANDOM, Duration.ofMinutes(1), 1000);
        assertEquals(Duration.ofMinutes(10), cache.window());
        assertEquals(1000, cache.maxEntries());
    }
}
