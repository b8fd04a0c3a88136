package org.jnegotiate.krb5.crypto;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small number per thread, handed out round-robin on first use and kept: threads that each keep to "their"
 * slot of a shared structure do not move its cache lines between cores. A virtual thread costs one index.
 */
final class ThreadIndex {
    /**
     * The slots of every structure striped by this index (a contended engine pool, the random generators): twice
     * the processors, so that threads rarely share one, rounded up to a power of two (a mask picks the slot), 4 to
     * 64.
     */
    static final int SLOTS = Integer.highestOneBit(Math.max(
                            4, Math.min(64, 2 * Runtime.getRuntime().availableProcessors()))
                    - 1)
            << 1;

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<Integer> MINE = ThreadLocal.withInitial(NEXT::getAndIncrement);

    private ThreadIndex() {}

    /** This thread's index, 0 to 2^31 - 1 (wraps after that many threads); mask it to {@link #SLOTS}. */
    static int get() {
        return MINE.get() & Integer.MAX_VALUE;
    }
}
