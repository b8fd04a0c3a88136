package org.jnegotiate.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real-token corpus, inside the repository at {@code provider/src/test/resources/corpus} (README.md there): the
 * system property {@code jnegotiate.corpus} (set by the pom), else that folder relative to the module or the
 * repository root (an IDE run). A missing corpus fails the test: it is part of every clone.
 */
public final class Corpus {
    /** The corpus folder relative to the provider module. */
    public static final String IN_MODULE = "src/test/resources/corpus";

    private Corpus() {}

    public static Path dir() {
        String prop = System.getProperty("jnegotiate.corpus");
        List<Path> candidates = prop != null
                ? List.of(Path.of(prop))
                : List.of(Path.of(IN_MODULE), Path.of("provider").resolve(IN_MODULE));
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("pyspnego"))) {
                return p;
            }
        }
        return fail("token corpus not found at " + candidates + " (set -Djnegotiate.corpus)");
    }

    /** A file of the corpus, for example {@code pyspnego/ntlm_challenge.bin}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the pyspnego capture set. */
    public static byte[] pyspnego(String name) {
        return bytes("pyspnego/" + name);
    }
}
