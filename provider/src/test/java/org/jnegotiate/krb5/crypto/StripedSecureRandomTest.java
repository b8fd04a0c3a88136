package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StripedSecureRandomTest {

    @Test
    void generators_areTheJdkDrbg() {
        assertEquals("DRBG", StripedSecureRandom.algorithm());
    }

    @Test
    void stripeCount_isAPowerOfTwoCoveringTwiceTheProcessors() {
        int n = StripedSecureRandom.stripeCount();
        assertEquals(1, Integer.bitCount(n));
        assertTrue(n >= Math.min(64, 2 * Runtime.getRuntime().availableProcessors()) && n >= 4 && n <= 64, "" + n);
    }

    @Test
    void draws_smallLargeAndAcrossBufferRefills_neverRepeat() {
        Set<String> seen = new HashSet<>();
        int[] sizes = {4, 16, 32, StripedSecureRandom.BUFFER / 2, StripedSecureRandom.BUFFER / 2 + 1, 1000};
        for (int i = 0; i < 3_000; i++) {
            byte[] b = new byte[sizes[i % sizes.length]];
            StripedSecureRandom.nextBytes(b);
            assertTrue(seen.add(HexFormat.of().formatHex(b)));
        }
    }

    @Test
    void outputs_fromManyThreads_neverRepeat() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                parts.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) {
                        byte[] b = new byte[16];
                        StripedSecureRandom.nextBytes(b);
                        out.add(HexFormat.of().formatHex(b));
                    }
                    return out;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> f : parts) {
                all.addAll(f.get());
            }
            assertEquals(20_000, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nextInt_usesAllBits() {
        int or = 0;
        int and = -1;
        for (int i = 0; i < 200; i++) {
            int v = StripedSecureRandom.asSecureRandom().nextInt();
            or |= v;
            and &= v;
        }
        assertEquals(-1, or);
        assertEquals(0, and);
    }
}
