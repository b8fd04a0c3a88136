package org.jnegotiate.krb5.crypto;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small lock-free pool of keyed JCA engines ({@code Cipher}/{@code Mac} holders). JCA engines are not
 * thread-safe and keying them costs far more than one GSS message, so each thread borrows one for the
 * length of an operation and gives it back.
 *
 * <p>Most keys are used by one thread at a time (a context's subkey): one slot serves them, and nothing else is
 * allocated. A key many threads use at once (a service key, the session key of a cached service ticket) gets,
 * the first time a thread finds the pool empty although an engine exists, one slot per thread index, each on
 * its own cache line: every thread then takes and gives back its own engine without touching the lines the
 * others use. Idle engines beyond {@link #SLOTS} + 1 are dropped.
 */
final class EnginePool<T> {
    /** Slots of a contended pool: one per thread index ({@link ThreadIndex#SLOTS}). */
    static final int SLOTS = ThreadIndex.SLOTS;
    /** References between two used slots: 16 references are at least 64 bytes, one cache line. */
    private static final int SPACING = 16;

    private final AtomicReference<T> single = new AtomicReference<>();
    private final AtomicReference<AtomicReferenceArray<T>> spread = new AtomicReference<>();
    private final Supplier<T> factory;
    private volatile boolean created;

    EnginePool(Supplier<T> factory) {
        this.factory = factory;
    }

    /** An idle engine, or a new one. */
    T take() {
        AtomicReferenceArray<T> slots = spread.get();
        if (slots != null) {
            int home = ThreadIndex.get();
            for (int i = 0; i < SLOTS; i++) {
                int slot = ((home + i) & (SLOTS - 1)) * SPACING;
                T engine = slots.get(slot);
                if (engine != null && slots.compareAndSet(slot, engine, null)) {
                    return engine;
                }
            }
        }
        T engine = single.getAndSet(null);
        if (engine != null) {
            return engine;
        }
        if (created && slots == null) {
            // an engine exists and another thread holds it: this key is shared, give each thread a slot
            spread.compareAndSet(null, new AtomicReferenceArray<>(SLOTS * SPACING));
        }
        created = true;
        return factory.get();
    }

    /** Returns an engine after a complete operation; never one that failed half-way. */
    void give(T engine) {
        AtomicReferenceArray<T> slots = spread.get();
        if (slots != null) {
            int home = ThreadIndex.get();
            for (int i = 0; i < SLOTS; i++) {
                int slot = ((home + i) & (SLOTS - 1)) * SPACING;
                if (slots.get(slot) == null && slots.compareAndSet(slot, null, engine)) {
                    return;
                }
            }
        }
        single.compareAndSet(null, engine); // when every slot is taken, the engine is dropped
    }

    /** Empties the pool, dropping its idle engines. */
    void clear() {
        drain(engine -> {});
    }

    /** Empties the pool, handing each idle engine to {@code sink} (engines out on loan are not returned here). */
    void drain(Consumer<T> sink) {
        T engine = single.getAndSet(null);
        if (engine != null) {
            sink.accept(engine);
        }
        AtomicReferenceArray<T> slots = spread.get();
        for (int i = 0; slots != null && i < slots.length(); i++) {
            engine = slots.getAndSet(i, null);
            if (engine != null) {
                sink.accept(engine);
            }
        }
    }

    /** For tests: the idle engines. */
    int idle() {
        int n = single.get() != null ? 1 : 0;
        AtomicReferenceArray<T> slots = spread.get();
        for (int i = 0; slots != null && i < slots.length(); i++) {
            n += slots.get(i) != null ? 1 : 0;
        }
        return n;
    }

    /** For tests: whether the pool has gone to one slot per thread. */
    boolean isSpread() {
        return spread.get() != null;
    }
}
