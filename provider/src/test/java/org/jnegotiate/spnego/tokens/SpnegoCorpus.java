package org.jnegotiate.spnego.tokens;

import java.io.IOException;
import java.nio.file.Files;
import org.jnegotiate.testing.Corpus;

/** The corpus files of the SPNEGO tests (located by {@link Corpus}). */
public final class SpnegoCorpus {
    private SpnegoCorpus() {}

    /** A corpus file, by path relative to the corpus directory ({@code pyspnego/neg_token_resp.bin}). */
    public static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(Corpus.dir().resolve(relative));
    }
}
