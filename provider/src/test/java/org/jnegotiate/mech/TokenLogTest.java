package org.jnegotiate.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenLogTest {
    private static byte[] ntlm(int type, int prefix) {
        byte[] t = new byte[prefix + 40];
        System.arraycopy("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII), 0, t, prefix, 8);
        t[prefix + 8] = (byte) type;
        return t;
    }

    @Test
    void of_ordinaryToken_base64() {
        byte[] t = {0x60, 1, 2, 3};
        assertEquals(Base64.getEncoder().encodeToString(t), TokenLog.of(t));
    }

    @Test
    void of_noToken_none() {
        assertEquals("(none)", TokenLog.of(null));
        assertEquals("(none)", TokenLog.of(new byte[0]));
    }

    @Test
    void of_ntlmNegotiateAndChallenge_base64() {
        assertEquals(Base64.getEncoder().encodeToString(ntlm(1, 0)), TokenLog.of(ntlm(1, 0)));
        assertEquals(Base64.getEncoder().encodeToString(ntlm(2, 7)), TokenLog.of(ntlm(2, 7)));
    }

    @Test
    void of_ntlmAuthenticateRawOrInsideSpnego_sizeOnly() {
        String raw = TokenLog.of(ntlm(3, 0));
        assertEquals(
                "(40 bytes holding an NTLM AUTHENTICATE_MESSAGE: not logged, its NTLMv2 response can be attacked"
                        + " offline)",
                raw);
        String wrapped = TokenLog.of(ntlm(3, 20));
        assertTrue(wrapped.startsWith("(60 bytes holding an NTLM AUTHENTICATE_MESSAGE"), wrapped);
        assertFalse(TokenLog.holdsNtlmAuthenticate(java.util.Arrays.copyOf(ntlm(3, 0), 11)), "truncated signature");
    }

    /** A context whose step answers {@code answer}, counting its calls in {@code steps[0]}. */
    private static MechContext answering(Step answer, int[] steps) {
        return (MechContext) java.lang.reflect.Proxy.newProxyInstance(
                MechContext.class.getClassLoader(), new Class<?>[] {MechContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("step")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    steps[0]++;
                    return answer;
                });
    }

    @Test
    void step_oneRecordInOneOut_atTrace_theStatusWithTheTokenOut() throws Exception {
        System.Logger log = System.getLogger("org.jnegotiate.test.door");
        byte[] in = {1, 2, 3};
        byte[] out = {4, 5, 6};
        int[] steps = {0};
        java.util.List<org.jnegotiate.spnego.LogCapture.Line> lines;
        try (org.jnegotiate.spnego.LogCapture capture = new org.jnegotiate.spnego.LogCapture("org.jnegotiate.test")) {
            Step s = TokenLog.step(log, "door", answering(Step.continueWith(out), steps), in);
            assertArrayEquals(out, s.token());
            lines = capture.lines();
        }
        assertEquals(1, steps[0]);
        assertEquals(
                java.util.List.of(
                        new org.jnegotiate.spnego.LogCapture.Line("TRACE", "door in: AQID"),
                        new org.jnegotiate.spnego.LogCapture.Line("TRACE", "door out (CONTINUE_NEEDED): BAUG")),
                lines);
    }

    @Test
    void trace_atTraceOnly_aDebugLoggerGetsNoTokenRecord() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.jnegotiate.test.quiet");
        jul.setLevel(java.util.logging.Level.FINE);
        java.util.List<java.util.logging.LogRecord> seen = new java.util.ArrayList<>();
        java.util.logging.Handler h = new java.util.logging.StreamHandler(
                java.io.OutputStream.nullOutputStream(), new java.util.logging.SimpleFormatter());
        h.setLevel(java.util.logging.Level.ALL);
        h.setFilter(r -> seen.add(r) && false);
        jul.addHandler(h);
        try {
            TokenLog.trace(System.getLogger("org.jnegotiate.test.quiet"), "door", "in", new byte[] {1});
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(java.util.List.of(), seen, "DEBUG and up only: no token record");
    }
}
