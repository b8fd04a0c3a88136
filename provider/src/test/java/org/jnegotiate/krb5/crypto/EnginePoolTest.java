package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnginePoolTest {

    /** An engine that notices being used by two threads at once. */
    private static final class Probe {
        final AtomicBoolean inUse = new AtomicBoolean();
    }

    @Test
    void oneThread_getsTheSameEngineBack_andThePoolStaysSmall() {
        AtomicInteger made = new AtomicInteger();
        EnginePool<Object> pool = new EnginePool<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        Object first = pool.take();
        pool.give(first);
        for (int i = 0; i < 100; i++) {
            Object e = pool.take();
            assertSame(first, e);
            pool.give(e);
        }
        assertEquals(1, made.get());
        assertFalse(pool.isSpread());
        assertEquals(1, pool.idle());
    }

    @Test
    void takenTwiceBeforeGivingBack_twoEngines_andThePoolSpreads() {
        EnginePool<Object> pool = new EnginePool<>(Object::new);
        Object a = pool.take();
        Object b = pool.take();
        assertNotSame(a, b);
        assertTrue(pool.isSpread());
        pool.give(a);
        pool.give(b);
        assertEquals(2, pool.idle());
        Object again = pool.take();
        assertTrue(again == a || again == b);
    }

    @Test
    void givenBeyondItsSlots_extraEnginesAreDropped() {
        EnginePool<Object> pool = new EnginePool<>(Object::new);
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < EnginePool.SLOTS + 5; i++) {
            taken.add(pool.take());
        }
        taken.forEach(pool::give);
        assertEquals(EnginePool.SLOTS + 1, pool.idle());
    }

    @Test
    void drain_handsOutEveryIdleEngineOnce_andEmptiesThePool() {
        EnginePool<Object> pool = new EnginePool<>(Object::new);
        Object a = pool.take();
        Object b = pool.take();
        Object onLoan = pool.take();
        pool.give(a);
        pool.give(b);
        List<Object> drained = new ArrayList<>();
        pool.drain(drained::add);
        assertEquals(2, drained.size());
        assertTrue(drained.contains(a) && drained.contains(b) && !drained.contains(onLoan));
        assertEquals(0, pool.idle());
    }

    @Test
    void manyThreads_neverShareAnEngine() throws Exception {
        EnginePool<Probe> pool = new EnginePool<>(Probe::new);
        int threads = 6;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    start.await();
                    int clashes = 0;
                    for (int i = 0; i < 20_000; i++) {
                        Probe p = pool.take();
                        if (!p.inUse.compareAndSet(false, true)) {
                            clashes++;
                        }
                        p.inUse.set(false);
                        pool.give(p);
                    }
                    return clashes;
                }));
            }
            start.countDown();
            int clashes = 0;
            for (Future<Integer> f : results) {
                clashes += f.get();
            }
            assertEquals(0, clashes);
        } finally {
            executor.shutdownNow();
        }
    }
}
