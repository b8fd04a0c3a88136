package org.jnegotiate.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts payload megabytes (10^6 bytes) so that JMH prints MB/s next to ops/s: the secondary result
 * {@code :megabytes} is in MB per second (JMH labels it "ops/s"). One wrap plus one unwrap of n bytes counts n.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PayloadCounter {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
        megabytes = 0;
    }

    void add(int bytes) {
        megabytes += bytes / 1e6;
    }
}
