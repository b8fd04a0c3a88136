package org.jnegotiate.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {
    private static final Set<AuthScheme> BOTH = Set.of(AuthScheme.NEGOTIATE, AuthScheme.NTLM);

    @Test
    void readsTheSchemeCaseInsensitivelyAndTheToken() throws Exception {
        AuthorizationHeader.Credentials c =
                AuthorizationHeader.parse("nEgOtIaTe\tYWJj ", BOTH, 100).orElseThrow();
        assertEquals(AuthScheme.NEGOTIATE, c.scheme());
        assertArrayEquals("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), c.token());
        assertEquals(
                AuthScheme.NTLM,
                AuthorizationHeader.parse("NTLM YQ==", BOTH, 100).orElseThrow().scheme());
    }

    @Test
    void otherSchemesAndSchemesNotServedAreNotOurs() throws Exception {
        assertTrue(AuthorizationHeader.parse(null, BOTH, 100).isEmpty());
        assertTrue(AuthorizationHeader.parse("Basic YWxpY2U6cHc=", BOTH, 100).isEmpty());
        assertTrue(AuthorizationHeader.parse("NegotiateX YQ==", BOTH, 100).isEmpty());
        assertTrue(AuthorizationHeader.parse("NTLM YQ==", Set.of(AuthScheme.NEGOTIATE), 100)
                .isEmpty());
        assertTrue(AuthorizationHeader.parse("", BOTH, 100).isEmpty());
    }

    @Test
    void theLengthIsBoundedBeforeDecoding() throws Exception {
        // 3 bytes per 4 characters: 99 bytes are 132 characters, 100 bytes 136 with padding
        assertEquals(
                99,
                AuthorizationHeader.parse("Negotiate " + "A".repeat(132), BOTH, 100)
                        .orElseThrow()
                        .token()
                        .length);
        assertEquals(
                100,
                AuthorizationHeader.parse("Negotiate " + "A".repeat(132) + "AA==", BOTH, 100)
                        .orElseThrow()
                        .token()
                        .length);
        assertThrows(
                AuthorizationHeader.MalformedException.class,
                () -> AuthorizationHeader.parse("Negotiate " + "A".repeat(137), BOTH, 100),
                "longer than any 100-byte token");
        assertThrows(
                AuthorizationHeader.MalformedException.class,
                () -> AuthorizationHeader.parse("Negotiate " + "A".repeat(136), BOTH, 100),
                "102 bytes once decoded");
    }

    @Test
    void anythingButOneStrictBase64TokenIsMalformed() {
        for (String bad : new String[] {
            "Negotiate",
            "Negotiate ",
            "NTLM \t ",
            "Negotiate YQ",
            "Negotiate YQ=",
            "Negotiate Y Q==",
            "Negotiate YQ==\r\n",
            "Negotiate -_-_",
            "Negotiate ====",
            "Negotiate YQ==YQ=="
        }) {
            assertThrows(
                    AuthorizationHeader.MalformedException.class, () -> AuthorizationHeader.parse(bad, BOTH, 100), bad);
        }
    }
}
