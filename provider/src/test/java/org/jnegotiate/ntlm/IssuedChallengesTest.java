package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuedChallengesTest {
    private static final ServiceBinding ISSUER = ServiceBinding.of(List.of(), NtlmHandshakeTest.NAMES, false);
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static byte[] challenge(long v) {
        byte[] c = new byte[8];
        for (int i = 7; i >= 0; i--, v >>>= 8) {
            c[i] = (byte) v;
        }
        return c;
    }

    @Test
    void issued_isFoundUntilWithdrawn() {
        IssuedChallenges t = new IssuedChallenges();
        t.issue(challenge(1), ISSUER, T0);
        assertTrue(t.issuer(challenge(1), T0.plusSeconds(1)).isPresent());
        assertFalse(t.issuer(challenge(2), T0).isPresent());
        t.withdraw(challenge(1));
        assertFalse(t.issuer(challenge(1), T0).isPresent());
    }

    @Test
    void issued_expiresAfterItsLifetime() {
        IssuedChallenges t = new IssuedChallenges();
        t.issue(challenge(1), ISSUER, T0);
        t.issue(challenge(2), ISSUER, T0.plus(IssuedChallenges.LIFETIME));
        assertTrue(t.issuer(challenge(1), T0.plus(IssuedChallenges.LIFETIME)).isPresent());
        assertFalse(t.issuer(challenge(1), T0.plus(IssuedChallenges.LIFETIME).plusSeconds(1))
                .isPresent());
        assertTrue(t.issuer(challenge(2), T0.plus(IssuedChallenges.LIFETIME).plusSeconds(1))
                .isPresent());
        assertEquals(1, t.size());
    }

    @Test
    void full_forgetsTheOldestFirst() {
        IssuedChallenges t = new IssuedChallenges();
        for (long i = 0; i <= IssuedChallenges.MAX_ENTRIES; i++) {
            t.issue(challenge(i), ISSUER, T0);
        }
        assertEquals(IssuedChallenges.MAX_ENTRIES, t.size());
        assertFalse(t.issuer(challenge(0), T0).isPresent());
        assertTrue(t.issuer(challenge(1), T0).isPresent());
        assertTrue(t.issuer(challenge(IssuedChallenges.MAX_ENTRIES), T0).isPresent());
    }

    @Test
    void serviceBinding_hostOfSpnForms() {
        assertEquals("web.example.com", ServiceBinding.hostOf("HTTP/Web.Example.com:8080/path"));
        assertEquals("web.example.com", ServiceBinding.hostOf("HTTP@web.example.com"));
        assertEquals("web.example.com", ServiceBinding.hostOf("host/web.example.com@EXAMPLE.COM"));
        assertEquals("http/web.example.com", ServiceBinding.normalise("HTTP@WEB.example.com"));
    }
}
