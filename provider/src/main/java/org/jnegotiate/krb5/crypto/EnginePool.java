package org.jnegotiate.krb5.crypto;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small lock-free pool of keyed JCA engines ({@code Cipher}/{@code Mac} holders). JCA engines are not
 * thread-safe and keying them costs far more than one GSS message, so each thread borrows one for the
 * length of an operation and gives it back. Idle engines beyond {@link #MAX_IDLE} are dropped.
 */
final class EnginePool<T> {
    static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Supplier<T> factory;

    EnginePool(Supplier<T> factory) {
        this.factory = factory;
    }

    /** An idle engine, or a new one. */
    T take() {
        T engine = idle.pollFirst();
        if (engine == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        return engine;
    }

    /** Returns an engine after a complete operation; never one that failed half-way. */
    void give(T engine) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offerFirst(engine);
        } else {
            idleCount.decrementAndGet();
        }
    }

    void clear() {
        idle.clear();
        idleCount.set(0);
    }
}
