package org.jnegotiate.testing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Randomness a test controls: every byte it hands out is the same value, and it records the size of every draw (a
 * {@code SecureRandom} routes nextInt and the other draws through {@link #nextBytes}). Two runs that draw from it
 * in the same way draw the same bytes, so what they make from them (keys, sequence numbers, confounders) is equal.
 */
public final class ConstantRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte value;
    private final List<Integer> draws = new CopyOnWriteArrayList<>();

    public ConstantRandom(byte value) {
        this.value = value;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        draws.add(bytes.length);
        Arrays.fill(bytes, value);
    }

    /** The size of each draw so far, in order. */
    public List<Integer> draws() {
        return List.copyOf(draws);
    }

    /** {@code length} bytes as this random hands them out. */
    public byte[] bytes(int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, value);
        return out;
    }
}
