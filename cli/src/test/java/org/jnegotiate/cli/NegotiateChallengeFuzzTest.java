package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.jnegotiate.http.NegotiateChallenge;

/**
 * {@link NegotiateChallenge#ofField} reads {@code WWW-Authenticate} values from any server: whatever the bytes, it
 * returns one of its four results and never throws, and a token it accepts is at most
 * {@link NegotiateChallenge#MAX_TOKEN_BYTES}. Seeds in {@code NegotiateChallengeFuzzTestInputs/ofField}.
 *
 * <p>The parser is jnegotiate-http's; its target lives here, beside {@code decode}'s, because {@code probe} feeds it
 * any server's headers too, and because the Jazzer agent costs a test JVM most of a minute to attach on a loaded
 * machine: one JVM with every target pays it once.
 */
class NegotiateChallengeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void ofField(byte[] data) {
        NegotiateChallenge c = NegotiateChallenge.ofField(new String(data, StandardCharsets.ISO_8859_1));
        assertNotNull(c);
        if (c instanceof NegotiateChallenge.WithToken w) {
            assertTrue(w.token().length > 0 && w.token().length <= NegotiateChallenge.MAX_TOKEN_BYTES);
        }
        assertNotNull(NegotiateChallenge.describe(c));
    }
}
