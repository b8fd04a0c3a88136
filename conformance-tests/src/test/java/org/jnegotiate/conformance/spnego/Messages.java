package org.jnegotiate.conformance.spnego;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Per-message protection between two established {@link Party}s, both ways. */
final class Messages {

    private Messages() {}

    /**
     * Sealed and integrity-only wrap tokens and MICs, each way, several times (a sequence or RC4 state
     * that drifted apart shows up by the second message), and a MIC over another message rejected.
     */
    static void flowBothWays(Party a, Party b) throws Exception {
        flowBothWays(a, b, true);
    }

    /**
     * As {@link #flowBothWays(Party, Party)}; {@code integrityOnlyWrap} false for NTLM, whose GSS wrap
     * always seals (gss-ntlmssp and JNegotiate alike report a conf=false wrap as confidential).
     */
    static void flowBothWays(Party a, Party b, boolean integrityOnlyWrap) throws Exception {
        for (int i = 0; i < 3; i++) {
            oneWay(a, b, i, integrityOnlyWrap);
            oneWay(b, a, i, integrityOnlyWrap);
        }
        byte[] mic = a.mic("pay 10 EUR".getBytes(UTF_8));
        assertThrows(
                Exception.class,
                () -> b.verifyMic("pay 99 EUR".getBytes(UTF_8), mic),
                b + " accepted a MIC over another message");
    }

    private static void oneWay(Party from, Party to, int round, boolean integrityOnlyWrap) throws Exception {
        byte[] message = ("message " + round + " from " + from.name()).getBytes(UTF_8);

        byte[] sealed = from.wrap(message, true);
        assertFalse(contains(sealed, message), from + " sent the sealed message in clear");
        Party.Unwrapped opened = to.unwrap(sealed);
        assertArrayEquals(message, opened.message(), to + " unwrapped another message");
        assertTrue(opened.confidential(), to + " says the sealed message was not encrypted");

        byte[] signed = from.wrap(message, false);
        Party.Unwrapped plain = to.unwrap(signed);
        assertArrayEquals(message, plain.message());
        assertEquals(!integrityOnlyWrap, plain.confidential(), to + ": confidentiality of a conf=false wrap");

        byte[] mic = from.mic(message);
        to.verifyMic(message, mic);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
