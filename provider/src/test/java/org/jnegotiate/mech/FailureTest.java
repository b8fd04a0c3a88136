package org.jnegotiate.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.Test;

/**
 * Checks every row of the failure table against winerror.h and RFC 2743/2744 (via the JDK's GSSException
 * constants), typed in independently here: a wrong literal in {@link Failure} fails this test.
 */
class FailureTest {

    /** SECURITY_STATUS values from winerror.h. */
    private static final Map<String, Integer> WINERROR = Map.ofEntries(
            Map.entry("INSUFFICIENT_MEMORY", 0x80090300),
            Map.entry("INVALID_HANDLE", 0x80090301),
            Map.entry("UNSUPPORTED_FUNCTION", 0x80090302),
            Map.entry("TARGET_UNKNOWN", 0x80090303),
            Map.entry("INTERNAL_ERROR", 0x80090304),
            Map.entry("INVALID_TOKEN", 0x80090308),
            Map.entry("LOGON_DENIED", 0x8009030C),
            Map.entry("UNKNOWN_CREDENTIALS", 0x8009030D),
            Map.entry("NO_CREDENTIALS", 0x8009030E),
            Map.entry("MESSAGE_ALTERED", 0x8009030F),
            Map.entry("OUT_OF_SEQUENCE", 0x80090310),
            Map.entry("REPLAYED_TOKEN", 0x80090310),
            Map.entry("NO_AUTHENTICATING_AUTHORITY", 0x80090311),
            Map.entry("CONTEXT_EXPIRED", 0x80090317),
            Map.entry("CREDENTIALS_EXPIRED", 0x80090317),
            Map.entry("INCOMPLETE_MESSAGE", 0x80090318),
            Map.entry("WRONG_PRINCIPAL", 0x80090322),
            Map.entry("TIME_SKEW", 0x80090324),
            Map.entry("BAD_BINDINGS", 0x80090346),
            Map.entry("DOWNGRADE_DETECTED", 0x80090350),
            Map.entry("INVALID_PARAMETER", 0x8009035D),
            Map.entry("MUTUAL_AUTH_FAILED", 0x80090363));

    /** GSS major codes as numbered in org.ietf.jgss.GSSException (RFC 2853). */
    private static final Map<String, Integer> GSS = Map.ofEntries(
            Map.entry("INSUFFICIENT_MEMORY", 11),
            Map.entry("INVALID_HANDLE", 12),
            Map.entry("UNSUPPORTED_FUNCTION", 2),
            Map.entry("TARGET_UNKNOWN", 3),
            Map.entry("INTERNAL_ERROR", 11),
            Map.entry("INVALID_TOKEN", 10),
            Map.entry("LOGON_DENIED", 15),
            Map.entry("UNKNOWN_CREDENTIALS", 9),
            Map.entry("NO_CREDENTIALS", 13),
            Map.entry("MESSAGE_ALTERED", 6),
            Map.entry("OUT_OF_SEQUENCE", 21),
            Map.entry("REPLAYED_TOKEN", 19),
            Map.entry("NO_AUTHENTICATING_AUTHORITY", 11),
            Map.entry("CONTEXT_EXPIRED", 7),
            Map.entry("CREDENTIALS_EXPIRED", 8),
            Map.entry("INCOMPLETE_MESSAGE", 10),
            Map.entry("WRONG_PRINCIPAL", 3),
            Map.entry("TIME_SKEW", 11),
            Map.entry("BAD_BINDINGS", 1),
            Map.entry("DOWNGRADE_DETECTED", 11),
            Map.entry("INVALID_PARAMETER", 11),
            Map.entry("MUTUAL_AUTH_FAILED", 11));

    @Test
    void everyFailure_hasTheWinerrorStatus() {
        assertEquals(WINERROR.size(), Failure.values().length);
        for (Failure f : Failure.values()) {
            assertEquals(WINERROR.get(f.name()), f.sspiStatus(), f.name());
        }
    }

    @Test
    void everyFailure_hasTheGssMajor() {
        assertEquals(GSS.size(), Failure.values().length);
        for (Failure f : Failure.values()) {
            assertEquals(GSS.get(f.name()), f.gssMajor(), f.name());
        }
    }

    @Test
    void gssExceptionConstants_matchRfc2853Numbering() {
        assertEquals(1, GSSException.BAD_BINDINGS);
        assertEquals(10, GSSException.DEFECTIVE_TOKEN);
        assertEquals(19, GSSException.DUPLICATE_TOKEN);
        assertEquals(21, GSSException.UNSEQ_TOKEN);
    }

    @Test
    void negotiateException_carriesFailureMinorAndReadableMessage() {
        NegotiateException e = new NegotiateException(Failure.TIME_SKEW, 37, "clock off by 600 s", null);
        assertEquals(Failure.TIME_SKEW, e.failure());
        assertEquals(37, e.minor());
        assertEquals("clock skew too great: clock off by 600 s", e.getMessage());
    }
}
