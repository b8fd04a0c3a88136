package org.jnegotiate.krb5.crypto;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small number per thread, handed out round-robin on first use and kept: threads that each keep to "their"
 * slot of a shared structure do not move its cache lines between cores. A virtual thread costs one index.
 */
final class ThreadIndex {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<Integer> MINE = ThreadLocal.withInitial(NEXT::getAndIncrement);

    private ThreadIndex() {
    }

    /** This thread's index, 0 to 2^31 - 1 (wraps after that many threads); mask it to the slots you have. */
    static int get() {
        return MINE.get() & Integer.MAX_VALUE;
    }
}
