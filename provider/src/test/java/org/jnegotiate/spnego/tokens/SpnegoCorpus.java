package org.jnegotiate.spnego.tokens;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates ../shared/corpus: system property jnegotiate.corpus, else relative to the module or the repository root. */
public final class SpnegoCorpus {
    private SpnegoCorpus() {
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
        fail("token corpus not found at " + candidates + " (set -Djnegotiate.corpus)");
        return null;
    }

    /** A corpus file, by path relative to the corpus directory ({@code pyspnego/neg_token_resp.bin}). */
    public static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(dir().resolve(relative));
    }
}
