package org.jnegotiate.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiateChallengeTest {

    @Test
    void bareNegotiate_bare() {
        assertInstanceOf(NegotiateChallenge.Bare.class, NegotiateChallenge.ofField("Negotiate"));
        assertInstanceOf(NegotiateChallenge.Bare.class, NegotiateChallenge.ofField("  negotiate  "));
    }

    @Test
    void negotiateWithToken_decoded() {
        NegotiateChallenge c = NegotiateChallenge.ofField("Negotiate oQcwBaADCgEA");
        assertArrayEquals(Base64.getDecoder().decode("oQcwBaADCgEA"), ((NegotiateChallenge.WithToken) c).token());
        assertArrayEquals(
                Base64.getDecoder().decode("oQcwBaADCgEA"), c.tokenIfAny().orElseThrow());
    }

    @Test
    void schemeNameIgnoresCase_negotiateAmongOtherChallenges_found() {
        NegotiateChallenge c = NegotiateChallenge.ofField("Basic realm=\"x\", NEGOTIATE oQcwBaADCgEA");
        assertInstanceOf(NegotiateChallenge.WithToken.class, c);
    }

    @Test
    void onlyOtherSchemes_absent() {
        assertInstanceOf(NegotiateChallenge.Absent.class, NegotiateChallenge.ofField("NTLM"));
        assertInstanceOf(NegotiateChallenge.Absent.class, NegotiateChallenge.ofField("Basic realm=\"Negotiate\""));
        assertInstanceOf(NegotiateChallenge.Absent.class, NegotiateChallenge.ofField("Negotiator abc"));
        assertInstanceOf(NegotiateChallenge.Absent.class, NegotiateChallenge.of(List.of()));
    }

    @Test
    void severalFields_firstNegotiateWins() {
        NegotiateChallenge c = NegotiateChallenge.of(List.of("NTLM", "Negotiate", "Negotiate oQcwBaADCgEA"));
        assertInstanceOf(NegotiateChallenge.Bare.class, c);
    }

    @Test
    void notBase64_malformed() {
        NegotiateChallenge c = NegotiateChallenge.ofField("Negotiate %%%not-base64%%%");
        assertInstanceOf(NegotiateChallenge.Malformed.class, c);
        assertTrue(((NegotiateChallenge.Malformed) c).reason().contains("not base64"));
    }

    @Test
    void tokenAboveLimit_malformedBeforeDecoding() {
        String big = "A".repeat((NegotiateChallenge.MAX_TOKEN_BYTES / 3 + 2) * 4);
        NegotiateChallenge c = NegotiateChallenge.ofField("Negotiate " + big);
        assertEquals(new NegotiateChallenge.Malformed("a Negotiate token longer than 65536 bytes"), c);
    }

    @Test
    void fieldAboveLimit_malformed() {
        String huge = "x".repeat(2 * NegotiateChallenge.MAX_TOKEN_BYTES + 1);
        assertInstanceOf(NegotiateChallenge.Malformed.class, NegotiateChallenge.ofField(huge));
    }

    @Test
    void authorization_isSchemeAndBase64() {
        assertEquals("Negotiate AQID", NegotiateChallenge.authorization(new byte[] {1, 2, 3}));
    }
}
