package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The GSS door's reading of a token whose length the JDK framework does not give (SPNEGO after the first). */
class GssTokensReadTest {
    private static final byte[] TOKEN = sequence(300);

    @Test
    void arrayStream_readsTheWholeToken() throws Exception {
        assertArrayEquals(TOKEN, GssTokens.readUnknownLength(new ByteArrayInputStream(TOKEN), 1_000));
    }

    @Test
    void streamUnderstatingAvailable_stillReadsToTheEnd() throws Exception {
        assertArrayEquals(TOKEN, GssTokens.readUnknownLength(new Understating(TOKEN, 0), 1_000));
        assertArrayEquals(TOKEN, GssTokens.readUnknownLength(new Understating(TOKEN, 100), 1_000));
    }

    @Test
    void longerThanTheLimit_stopsOneByteBeyondIt() throws Exception {
        assertEquals(201, GssTokens.readUnknownLength(new ByteArrayInputStream(TOKEN), 201).length);
        assertEquals(201, GssTokens.readUnknownLength(new Understating(TOKEN, 50), 201).length);
        assertArrayEquals(Arrays.copyOf(TOKEN, 201), GssTokens.readUnknownLength(new Understating(TOKEN, 0), 201));
    }

    @Test
    void emptyStream_emptyToken() throws Exception {
        assertEquals(0, GssTokens.readUnknownLength(new ByteArrayInputStream(new byte[0]), 10).length);
    }

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A stream whose available() says less than it holds, as a network stream may. */
    private static final class Understating extends FilterInputStream {
        private final int claimed;

        Understating(byte[] data, int claimed) {
            super(new ByteArrayInputStream(data));
            this.claimed = claimed;
        }

        @Override
        public int available() {
            return claimed;
        }
    }
}
