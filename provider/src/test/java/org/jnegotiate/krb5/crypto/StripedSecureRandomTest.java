package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StripedSecureRandomTest {

    @Test
    void get_isTheJdkDrbg() {
        assertEquals("DRBG", StripedSecureRandom.get().getAlgorithm());
    }

    @Test
    void get_spreadsCallsOverSeveralGenerators() {
        Set<SecureRandom> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 1_000; i++) {
            seen.add(StripedSecureRandom.get());
        }
        assertEquals(Math.max(4, Math.min(64, 2 * Runtime.getRuntime().availableProcessors())), seen.size());
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
                        StripedSecureRandom.get().nextBytes(b);
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
}
