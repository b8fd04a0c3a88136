package org.jnegotiate.ntlm.messages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates ../shared/corpus: system property jnegotiate.corpus, else relative to the module or the repository root. */
final class NtlmCorpus {
    private NtlmCorpus() {
    }

    static Path dir() {
        String prop = System.getProperty("jnegotiate.corpus");
        List<Path> candidates = prop != null ? List.of(Path.of(prop))
                : List.of(Path.of("../../shared/corpus"), Path.of("../shared/corpus"));
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("pyspnego"))) {
                return p;
            }
        }
        assertTrue(false, "token corpus not found at " + candidates + " (set -Djnegotiate.corpus)");
        return null;
    }

    static byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir().resolve("pyspnego").resolve(name));
    }
}
