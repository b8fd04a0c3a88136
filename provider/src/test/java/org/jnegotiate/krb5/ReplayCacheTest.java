package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private final Krb5Testbed.MutableClock clock = new Krb5Testbed.MutableClock(Instant.parse("2026-01-10T10:00:00Z"));
    private final ReplayCache cache = new ReplayCache(Duration.ofMinutes(5), 1000, clock);

    @Test
    void sameAuthenticatorTwice_replayedToken() throws Exception {
        cache.record("alice@R", clock.instant(), 5, new byte[] {1, 2, 3});
        NegotiateException e = assertThrows(NegotiateException.class,
                () -> cache.record("alice@R", clock.instant(), 5, new byte[] {1, 2, 3}));
        assertEquals(Failure.REPLAYED_TOKEN, e.failure());
    }

    @Test
    void differentCusecClientOrCipher_allRecorded() throws Exception {
        Instant t = clock.instant();
        cache.record("alice@R", t, 5, new byte[] {1});
        cache.record("alice@R", t, 6, new byte[] {1});
        cache.record("bob@R", t, 5, new byte[] {1});
        cache.record("alice@R", t, 5, new byte[] {2});
        assertEquals(4, cache.size());
    }

    @Test
    void entriesOlderThanWindow_purged() throws Exception {
        cache.record("alice@R", clock.instant(), 5, new byte[] {1});
        clock.advance(Duration.ofMinutes(5).plusSeconds(ReplayCache.BUCKET_SECONDS + 1));
        cache.record("alice@R", clock.instant(), 5, new byte[] {9});
        assertEquals(1, cache.size());
    }

    @Test
    void authenticatorOlderThanWindow_timeSkew() {
        Instant old = clock.instant().minus(Duration.ofMinutes(6));
        assertEquals(Failure.TIME_SKEW, assertThrows(NegotiateException.class,
                () -> cache.record("alice@R", old, 0, new byte[] {1})).failure());
    }

    @Test
    void full_rejectsNewAuthenticatorsUntilEntriesExpire() throws Exception {
        ReplayCache small = new ReplayCache(Duration.ofMinutes(5), 3, clock);
        for (int i = 0; i < 3; i++) {
            small.record("alice@R", clock.instant(), i, new byte[] {1});
        }
        NegotiateException e = assertThrows(NegotiateException.class,
                () -> small.record("alice@R", clock.instant(), 9, new byte[] {1}));
        assertEquals(Failure.INSUFFICIENT_MEMORY, e.failure());
        // a replay of a remembered one is still a replay, never forgotten
        assertEquals(3, small.size());
        clock.advance(Duration.ofMinutes(6));
        small.record("alice@R", clock.instant(), 9, new byte[] {1});
        assertEquals(1, small.size());
    }

    @Test
    void twoThreads_eachAuthenticatorAcceptedExactlyOnce() throws Exception {
        ReplayCache shared = new ReplayCache(Duration.ofMinutes(5), 100_000, clock);
        int n = 20_000;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Runnable worker = () -> {
            try {
                start.await();
                for (int i = 0; i < n; i++) {
                    try {
                        shared.record("user" + (i % 50) + "@R", clock.instant(), i, new byte[] {(byte) i});
                        accepted.incrementAndGet();
                    } catch (NegotiateException e) {
                        if (e.failure() == Failure.REPLAYED_TOKEN) {
                            replays.incrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread a = new Thread(worker);
        Thread b = new Thread(worker);
        a.start();
        b.start();
        start.countDown();
        a.join();
        b.join();
        assertEquals(n, accepted.get());
        assertEquals(n, replays.get());
        assertEquals(n, shared.size());
    }
}
