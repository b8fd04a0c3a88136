package org.jnegotiate.servlet;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.MechContext;

/**
 * Acceptor contexts between two legs of a multi-leg exchange (NTLM's CHALLENGE, a SPNEGO counter-proposal), by
 * connection key. Bounded and expiring, because anyone can open exchanges: at most {@code capacity} entries, each
 * kept at most {@code timeout}; when full, the oldest entry is disposed to make room (an honest client finishes its
 * exchange within milliseconds, so only a flood outlives its entry, and a client whose entry was pushed out simply
 * gets a fresh challenge). An entry leaves the store when it is taken for its next leg, so two requests can never
 * step the same context. Every context that leaves without being taken is disposed here.
 */
final class PendingContexts {
    /** A context waiting for the client's next token. */
    record Pending(MechContext context, AuthScheme scheme, Instant expires) {}

    private final int capacity;
    private final Duration timeout;
    private final InstantSource clock;
    // insertion order is expiry order: every entry lives the same timeout
    private final LinkedHashMap<String, Pending> entries = new LinkedHashMap<>();

    PendingContexts(int capacity, Duration timeout, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.capacity = capacity;
        this.timeout = timeout;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Removes and returns the live context of {@code key}; an expired one is disposed and not returned. */
    Optional<Pending> take(String key) {
        Pending p;
        synchronized (this) {
            p = entries.remove(key);
        }
        if (p == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(p.expires())) {
            p.context().dispose();
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Keeps {@code context} for the next leg on {@code key}, replacing (and disposing) any context there. */
    void put(String key, MechContext context, AuthScheme scheme) {
        Instant now = clock.instant();
        Pending replaced;
        MechContext evicted = null;
        synchronized (this) {
            purgeExpired(now);
            replaced = entries.remove(key);
            if (entries.size() >= capacity) {
                Iterator<Map.Entry<String, Pending>> oldest = entries.entrySet().iterator();
                evicted = oldest.next().getValue().context();
                oldest.remove();
            }
            entries.put(key, new Pending(context, scheme, now.plus(timeout)));
        }
        if (replaced != null) {
            replaced.context().dispose();
        }
        if (evicted != null) {
            evicted.dispose();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Disposes every context (the filter is being destroyed). */
    void clear() {
        Pending[] all;
        synchronized (this) {
            all = entries.values().toArray(new Pending[0]);
            entries.clear();
        }
        for (Pending p : all) {
            p.context().dispose();
        }
    }

    private void purgeExpired(Instant now) {
        Iterator<Pending> it = entries.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now.isBefore(p.expires())) {
                return;
            }
            it.remove();
            p.context().dispose(); // cheap (zeroes keys), so done under the lock
        }
    }
}
