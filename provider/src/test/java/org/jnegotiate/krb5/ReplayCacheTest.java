package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Krb5Testbed.MutableClock clock = new Krb5Testbed.MutableClock(Instant.parse("2026-01-10T10:00:00Z"));
    private final ReplayCache cache = new ReplayCache(Duration.ofMinutes(5), 1000, clock, RANDOM);

    @Test
    void sameAuthenticatorTwice_replayedToken() throws Exception {
        cache.record("alice@R", clock.instant(), 5, new byte[] {1, 2, 3});
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> cache.record("alice@R", clock.instant(), 5, new byte[] {1, 2, 3}));
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
        assertEquals(
                Failure.TIME_SKEW,
                assertThrows(NegotiateException.class, () -> cache.record("alice@R", old, 0, new byte[] {1}))
                        .failure());
    }

    @Test
    void full_rejectsNewAuthenticatorsUntilEntriesExpire() throws Exception {
        ReplayCache small = new ReplayCache(Duration.ofMinutes(5), 3, clock, RANDOM);
        for (int i = 0; i < 3; i++) {
            small.record("alice@R", clock.instant(), i, new byte[] {1});
        }
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> small.record("alice@R", clock.instant(), 9, new byte[] {1}));
        assertEquals(Failure.INSUFFICIENT_MEMORY, e.failure());
        // a replay of a remembered one is still a replay, never forgotten
        assertEquals(3, small.size());
        clock.advance(Duration.ofMinutes(6));
        small.record("alice@R", clock.instant(), 9, new byte[] {1});
        assertEquals(1, small.size());
    }

    @Test
    void twoThreads_eachAuthenticatorAcceptedExactlyOnce() throws Exception {
        ReplayCache shared = new ReplayCache(Duration.ofMinutes(5), 100_000, clock, RANDOM);
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

    @Test
    void full_messageGivesBoundAndWindow() throws Exception {
        ReplayCache small = new ReplayCache(Duration.ofMinutes(5), 2, clock, RANDOM);
        small.record("alice@R", clock.instant(), 1, new byte[] {1});
        small.record("alice@R", clock.instant(), 2, new byte[] {1});
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> small.record("alice@R", clock.instant(), 3, new byte[] {1}));
        assertEquals(Failure.INSUFFICIENT_MEMORY, e.failure());
        assertTrue(e.getMessage().contains("(2 authenticators in the last 300 s)"), e.getMessage());
    }

    @Test
    void full_replayOfRememberedOneStillReportedAsReplay() throws Exception {
        ReplayCache small = new ReplayCache(Duration.ofMinutes(5), 1, clock, RANDOM);
        small.record("alice@R", clock.instant(), 1, new byte[] {1});
        assertEquals(
                Failure.REPLAYED_TOKEN,
                assertThrows(
                                NegotiateException.class,
                                () -> small.record("alice@R", clock.instant(), 1, new byte[] {1}))
                        .failure());
    }

    @Test
    void clientAndCipherBoundaryShift_notConfused() throws Exception {
        // the client name is length-prefixed: moving bytes between fields makes a different entry
        cache.record("ab@R", clock.instant(), 0, new byte[] {1});
        cache.record("ab@", clock.instant(), 0, new byte[] {'R', 1});
        assertEquals(2, cache.size());
    }

    @Test
    void fingerprintKey_randomPerCache() throws Exception {
        // the same authenticator is new to a second cache: nothing is shared between instances
        ReplayCache other = new ReplayCache(Duration.ofMinutes(5), 1000, clock, RANDOM);
        cache.record("alice@R", clock.instant(), 5, new byte[] {1});
        other.record("alice@R", clock.instant(), 5, new byte[] {1});
        assertEquals(1, other.size());
    }

    @Test
    void bucketDrop_releasesCountAndForgetsOnlyExpiredBuckets() throws Exception {
        Instant first = clock.instant();
        for (int i = 0; i < 100; i++) {
            cache.record("alice@R", first, i, new byte[] {1});
        }
        clock.advance(Duration.ofMinutes(3));
        Instant second = clock.instant();
        cache.record("bob@R", second, 0, new byte[] {1});
        clock.advance(Duration.ofMinutes(2).plusSeconds(ReplayCache.BUCKET_SECONDS + 1));
        cache.record("carol@R", clock.instant(), 0, new byte[] {1});
        assertEquals(2, cache.size());
        // bob's bucket is still live: his authenticator is still a replay
        assertEquals(
                Failure.REPLAYED_TOKEN,
                assertThrows(NegotiateException.class, () -> cache.record("bob@R", second, 0, new byte[] {1}))
                        .failure());
    }

    @Test
    void millionEntries_underFortyBytesEach() throws Exception {
        ReplayCache big = new ReplayCache(Duration.ofMinutes(5), ReplayCache.DEFAULT_MAX_ENTRIES, clock, RANDOM);
        int n = 1_000_000;
        long before = usedHeap();
        byte[] cipher = new byte[64];
        Instant t = clock.instant();
        for (int i = 0; i < n; i++) {
            big.record("alice@R", t, i, cipher);
        }
        long after = usedHeap();
        assertEquals(n, big.size());
        double perEntry = (after - before) / (double) n;
        // about 17 at load 0.48 (64 stripes of 15,625 in 32,766 slots); 33 would mean G1 humongous waste is back
        assertTrue(perEntry < 28, "bytes per entry: " + perEntry);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void twoThreads_twoMillionDistinctEntriesRecordedQuickly() throws Exception {
        ReplayCache shared = new ReplayCache(Duration.ofMinutes(5), ReplayCache.DEFAULT_MAX_ENTRIES, clock, RANDOM);
        int perThread = 1_000_000;
        Instant t = clock.instant();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++) {
            String client = "user" + k + "@R";
            threads[k] = new Thread(() -> {
                byte[] cipher = new byte[48];
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        try {
                            shared.record(client, t, i, cipher);
                        } catch (NegotiateException e) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[k].start();
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(0, failures.get());
        assertEquals(2 * perThread, shared.size());
        // about 1 s on one idle core; generous for a shared build machine
        assertTrue(millis < 30_000, "2M records took " + millis + " ms");
    }

    @Test
    void twoThreads_sameAuthenticators_exactlyOneOfEachPairWins() throws Exception {
        ReplayCache shared = new ReplayCache(Duration.ofMinutes(5), ReplayCache.DEFAULT_MAX_ENTRIES, clock, RANDOM);
        int n = 200_000;
        Instant t = clock.instant();
        boolean[][] won = new boolean[2][n];
        AtomicInteger otherFailures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++) {
            boolean[] mine = won[k];
            threads[k] = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < n; i++) {
                        try {
                            shared.record("user" + (i % 7) + "@R", t, i, new byte[] {(byte) i, (byte) (i >> 8)});
                            mine[i] = true;
                        } catch (NegotiateException e) {
                            if (e.failure() != Failure.REPLAYED_TOKEN) {
                                otherFailures.incrementAndGet();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[k].start();
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(0, otherFailures.get());
        for (int i = 0; i < n; i++) {
            assertNotEquals(won[0][i], won[1][i], "pair " + i);
        }
        assertEquals(n, shared.size());
    }

    @Nested
    class LongSetTest {
        private final ReplayCache.LongSet set = new ReplayCache.LongSet();

        @Test
        void add_thenContains() {
            assertTrue(set.add(42L));
            assertTrue(set.contains(42L));
            assertFalse(set.contains(43L));
            assertEquals(1, set.size());
        }

        @Test
        void addTwice_secondReturnsFalse() {
            assertTrue(set.add(-7L));
            assertFalse(set.add(-7L));
            assertEquals(1, set.size());
        }

        @Test
        void zero_isAnOrdinaryMember() {
            assertFalse(set.contains(0L));
            assertTrue(set.add(0L));
            assertFalse(set.add(0L));
            assertTrue(set.contains(0L));
            assertEquals(1, set.size());
        }

        @Test
        void moreThanHalfFull_doublesAndKeepsEveryMember() {
            int n = ReplayCache.LongSet.INITIAL_CAPACITY / 2;
            for (long v = 1; v <= n; v++) {
                set.add(v * 1_000_003L);
            }
            assertEquals(ReplayCache.LongSet.INITIAL_CAPACITY, set.capacity());
            set.add(Long.MAX_VALUE);
            assertEquals(2 * ReplayCache.LongSet.INITIAL_CAPACITY + 2, set.capacity());
            for (long v = 1; v <= n; v++) {
                assertTrue(set.contains(v * 1_000_003L), "lost " + v);
            }
            assertTrue(set.contains(Long.MAX_VALUE));
            assertEquals(n + 1, set.size());
        }

        @Test
        void manyGrowths_loadStaysAtMostHalf() {
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                assertTrue(set.add(i));
            }
            assertEquals(n, set.size());
            assertEquals(262_142, set.capacity());
            for (int i = 0; i < n; i++) {
                assertTrue(set.contains(i));
            }
            assertFalse(set.contains(n));
            assertFalse(set.contains(-1));
        }

        @Test
        void collidingValues_chainAndAreAllFound() {
            int capacity = ReplayCache.LongSet.INITIAL_CAPACITY;
            long[] chain = new long[5];
            int found = 0;
            for (long v = 1; found < chain.length; v++) {
                if (ReplayCache.LongSet.slot(v, capacity) == 3) {
                    chain[found++] = v;
                }
            }
            for (long v : chain) {
                assertTrue(set.add(v));
            }
            assertEquals(ReplayCache.LongSet.INITIAL_CAPACITY, set.capacity());
            for (long v : chain) {
                assertTrue(set.contains(v));
                assertFalse(set.add(v));
            }
            // a value homed on the chain's slot but absent probes past the chain to an empty slot
            long absent = chain[chain.length - 1] + 1;
            while (ReplayCache.LongSet.slot(absent, capacity) != 3) {
                absent++;
            }
            assertFalse(set.contains(absent));
            assertEquals(chain.length, set.size());
        }

        @Test
        void chainWrapsAroundTableEnd() {
            int capacity = ReplayCache.LongSet.INITIAL_CAPACITY;
            long[] chain = new long[4];
            int found = 0;
            for (long v = 1; found < chain.length; v++) {
                if (ReplayCache.LongSet.slot(v, capacity) == capacity - 1) {
                    chain[found++] = v;
                }
            }
            for (long v : chain) {
                assertTrue(set.add(v));
            }
            for (long v : chain) {
                assertTrue(set.contains(v));
            }
            assertEquals(ReplayCache.LongSet.INITIAL_CAPACITY, set.capacity());
            assertEquals(chain.length, set.size());
        }
    }
}
