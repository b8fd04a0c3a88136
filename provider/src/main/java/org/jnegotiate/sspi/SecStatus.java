package org.jnegotiate.sspi;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code SECURITY_STATUS} values (winerror.h), exactly as Windows returns them from the SSPI functions.
 * Success codes are {@code >= 0}; failures have the high bit set and are negative as Java {@code int}s.
 */
public final class SecStatus {
    public static final int SEC_E_OK = 0x00000000;
    public static final int SEC_I_CONTINUE_NEEDED = 0x00090312;
    public static final int SEC_I_COMPLETE_NEEDED = 0x00090313;
    public static final int SEC_I_COMPLETE_AND_CONTINUE = 0x00090314;

    public static final int SEC_E_INSUFFICIENT_MEMORY = 0x80090300;
    public static final int SEC_E_INVALID_HANDLE = 0x80090301;
    public static final int SEC_E_UNSUPPORTED_FUNCTION = 0x80090302;
    public static final int SEC_E_TARGET_UNKNOWN = 0x80090303;
    public static final int SEC_E_INTERNAL_ERROR = 0x80090304;
    public static final int SEC_E_SECPKG_NOT_FOUND = 0x80090305;
    public static final int SEC_E_INVALID_TOKEN = 0x80090308;
    public static final int SEC_E_QOP_NOT_SUPPORTED = 0x8009030A;
    public static final int SEC_E_LOGON_DENIED = 0x8009030C;
    public static final int SEC_E_UNKNOWN_CREDENTIALS = 0x8009030D;
    public static final int SEC_E_NO_CREDENTIALS = 0x8009030E;
    public static final int SEC_E_MESSAGE_ALTERED = 0x8009030F;
    public static final int SEC_E_OUT_OF_SEQUENCE = 0x80090310;
    public static final int SEC_E_NO_AUTHENTICATING_AUTHORITY = 0x80090311;
    public static final int SEC_E_CONTEXT_EXPIRED = 0x80090317;
    public static final int SEC_E_INCOMPLETE_MESSAGE = 0x80090318;
    public static final int SEC_E_BUFFER_TOO_SMALL = 0x80090321;
    public static final int SEC_E_WRONG_PRINCIPAL = 0x80090322;
    public static final int SEC_E_TIME_SKEW = 0x80090324;
    public static final int SEC_E_BAD_BINDINGS = 0x80090346;
    public static final int SEC_E_DOWNGRADE_DETECTED = 0x80090350;
    public static final int SEC_E_INVALID_PARAMETER = 0x8009035D;
    public static final int SEC_E_MUTUAL_AUTH_FAILED = 0x80090363;

    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        for (java.lang.reflect.Field f : SecStatus.class.getFields()) {
            try {
                NAMES.put(f.getInt(null), f.getName());
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private SecStatus() {}

    /** True for SEC_E_OK and the SEC_I_* codes (the C macro {@code SEC_SUCCESS}). */
    public static boolean succeeded(int status) {
        return status >= 0;
    }

    /** The constant's name, for example {@code SEC_E_INVALID_TOKEN}, or the hex value when unknown. */
    public static String name(int status) {
        String n = NAMES.get(status);
        return n != null ? n : String.format("0x%08X", status);
    }
}
