package org.jnegotiate.mech;

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
        assertEquals("(40 bytes holding an NTLM AUTHENTICATE_MESSAGE: not logged, its NTLMv2 response can be attacked"
                + " offline)", raw);
        String wrapped = TokenLog.of(ntlm(3, 20));
        assertTrue(wrapped.startsWith("(60 bytes holding an NTLM AUTHENTICATE_MESSAGE"), wrapped);
        assertFalse(TokenLog.holdsNtlmAuthenticate(java.util.Arrays.copyOf(ntlm(3, 0), 11)), "truncated signature");
    }
}
