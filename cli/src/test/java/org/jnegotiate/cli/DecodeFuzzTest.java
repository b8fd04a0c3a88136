package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@code jnegotiate decode}: any bytes are described in lines (INVALID where they are
 * malformed), and any text argument is a token or a usage error; nothing else leaves the command.
 */
class DecodeFuzzTest {

    @FuzzTest
    void describe(byte[] token) {
        List<String> lines = TokenPrinter.describe(token);
        assertFalse(lines.isEmpty(), "no description");
    }

    @FuzzTest
    void parseText(byte[] raw) {
        try {
            DecodeCommand.parseText(new String(raw, StandardCharsets.ISO_8859_1));
        } catch (Main.UsageException expected) {
            // a clear error is the answer to text that is no token
        }
    }

    /** A framed token of an unknown mechanism holding another, thousands deep: described to a bounded depth. */
    @Test
    void describe_deeplyNestedFramings_boundedDepth() {
        byte[] t = new byte[] {0x02, 0x00};
        for (int i = 0; i < 5000 && t.length < 60_000; i++) {
            byte[] inner = t;
            int body = 3 + inner.length;
            byte[] len = body < 0x80
                    ? new byte[] {(byte) body}
                    : body < 0x100
                            ? new byte[] {(byte) 0x81, (byte) body}
                            : new byte[] {(byte) 0x82, (byte) (body >> 8), (byte) body};
            t = new byte[1 + len.length + body];
            t[0] = 0x60;
            System.arraycopy(len, 0, t, 1, len.length);
            t[1 + len.length] = 0x06;
            t[2 + len.length] = 1;
            t[3 + len.length] = 0x2A; // OID 1.2, no mechanism
            System.arraycopy(inner, 0, t, 4 + len.length, inner.length);
        }
        List<String> lines = TokenPrinter.describe(t);
        assertTrue(lines.size() <= TokenPrinter.MAX_DEPTH + 2, lines.size() + " lines");
        assertTrue(lines.get(lines.size() - 1).contains("nested deeper"), lines.get(lines.size() - 1));
    }
}
