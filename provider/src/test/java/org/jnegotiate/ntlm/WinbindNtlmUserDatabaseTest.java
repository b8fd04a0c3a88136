package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The ntlm-server-1 conversation of {@link WinbindNtlmUserDatabase} with stand-in helpers (shell one-liners that
 * read the request's six lines and print an answer); the real winbind is in the conformance suite
 * (SambaAdNtlmValidationConformanceTest).
 */
class WinbindNtlmUserDatabaseTest {
    private static final NtlmUserDatabase.Ntlmv2Logon LOGON =
            new NtlmUserDatabase.Ntlmv2Logon("EXAMPLE", "alice", "WS", new byte[8], new byte[48]);

    private static WinbindNtlmUserDatabase helper(String answer) {
        return new WinbindNtlmUserDatabase(List.of("sh", "-c", "head -n 6 >/dev/null; printf '" + answer + "'"));
    }

    @Test
    void authenticated_userSessionKeyIsTheSessionBaseKey() throws Exception {
        byte[] key = helper("Authenticated: Yes\\nUser-Session-Key: 00112233445566778899AABBCCDDEEFF\\n.\\n")
                .verifyNtlmv2(LOGON);
        assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), key);
        assertEquals(Optional.empty(), helper("").ntHash("EXAMPLE", "alice"), "no hashes on this side");
    }

    @Test
    void requestCarriesChallengeResponseUserAndDomain() throws Exception {
        // the stand-in answers only when the request holds exactly these lines
        WinbindNtlmUserDatabase checking = new WinbindNtlmUserDatabase(
                List.of(
                        "sh",
                        "-c",
                        "read a; read b; read c; read d; read e; read f; "
                                + "[ \"$a\" = 'LANMAN-Challenge: 0000000000000000' ] && [ \"$c\" = 'Username: alice' ] "
                                + "&& [ \"$d\" = 'NT-Domain: EXAMPLE' ] && [ \"$e\" = 'Request-User-Session-Key: Yes' ] "
                                + "&& [ \"$f\" = '.' ] && [ ${#b} -eq 109 ] "
                                + "&& printf 'Authenticated: Yes\\nUser-Session-Key: 00000000000000000000000000000001\\n.\\n'"));
        assertEquals(1, checking.verifyNtlmv2(LOGON)[15]);
    }

    @Test
    void refused_logonDeniedWithTheDomainsReason() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> helper("Authenticated: No\\nAuthentication-Error: NT_STATUS_WRONG_PASSWORD\\n.\\n")
                        .verifyNtlmv2(LOGON));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(
                "logon denied: the domain refused the NTLM logon of EXAMPLE\\alice: NT_STATUS_WRONG_PASSWORD",
                e.getMessage());
    }

    @Test
    void noAnswer_orNoHelper_noAuthenticatingAuthority() {
        NegotiateException silent =
                assertThrows(NegotiateException.class, () -> helper("").verifyNtlmv2(LOGON));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, silent.failure());
        NegotiateException missing = assertThrows(
                NegotiateException.class,
                () -> new WinbindNtlmUserDatabase(List.of("/nonexistent/ntlm_auth")).verifyNtlmv2(LOGON));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, missing.failure());
        assertTrue(missing.getMessage().contains("package winbind"), missing.getMessage());
    }

    @Test
    void authenticatedWithoutAKey_internalError() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> helper("Authenticated: Yes\\n.\\n").verifyNtlmv2(LOGON));
        assertEquals(Failure.INTERNAL_ERROR, e.failure());
    }

    @Test
    void lineBreakInTheUserName_refusedBeforeTheHelperRuns() {
        NtlmUserDatabase.Ntlmv2Logon injected =
                new NtlmUserDatabase.Ntlmv2Logon("EXAMPLE", "alice\nUsername: admin", "WS", new byte[8], new byte[48]);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new WinbindNtlmUserDatabase(List.of("/nonexistent/ntlm_auth")).verifyNtlmv2(injected));
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }
}
