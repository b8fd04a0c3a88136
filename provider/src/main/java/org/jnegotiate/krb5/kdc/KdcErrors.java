package org.jnegotiate.krb5.kdc;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** Maps a KDC's KRB-ERROR to the engine's failure table; the Kerberos error code becomes the minor code. */
public final class KdcErrors {
    private KdcErrors() {}

    /** The failure for a Kerberos error code (RFC 4120 7.5.9). */
    public static Failure failureFor(int code) {
        switch (code) {
            case 6: // KDC_ERR_C_PRINCIPAL_UNKNOWN
            case 24: // KDC_ERR_PREAUTH_FAILED
            case 31: // KRB_AP_ERR_BAD_INTEGRITY
            case 18: // KDC_ERR_CLIENT_REVOKED (disabled or locked account)
                return Failure.LOGON_DENIED;
            case 7: // KDC_ERR_S_PRINCIPAL_UNKNOWN
                return Failure.TARGET_UNKNOWN;
            case 14: // KDC_ERR_ETYPE_NOSUPP
                return Failure.UNSUPPORTED_FUNCTION;
            case 37: // KRB_AP_ERR_SKEW
                return Failure.TIME_SKEW;
            case 32: // KRB_AP_ERR_TKT_EXPIRED
                return Failure.CREDENTIALS_EXPIRED;
            case 68: // KDC_ERR_WRONG_REALM
                return Failure.NO_AUTHENTICATING_AUTHORITY;
            default:
                return Failure.INTERNAL_ERROR;
        }
    }

    /** The exception for a KRB-ERROR answering a request about {@code what} (a principal name). */
    static NegotiateException toException(KdcError error, String what) {
        int code = error.code();
        String name = error.codeName();
        String etext = error.text()
                .filter(t -> !t.isEmpty())
                .map(t -> " (\"" + t + "\")")
                .orElse("");
        Failure f = failureFor(code);
        String hint;
        switch (f) {
            case LOGON_DENIED:
                hint = code == 6 ? "the KDC does not know the client " + what : "wrong password or key for " + what;
                break;
            case TARGET_UNKNOWN:
                hint = "the KDC does not know the service " + what;
                break;
            case TIME_SKEW:
                hint = "the clocks of this host and the KDC are too far apart";
                break;
            case UNSUPPORTED_FUNCTION:
                hint = "the KDC supports none of the requested enctypes for " + what;
                break;
            default:
                hint = "request for " + what;
        }
        return new NegotiateException(f, code, hint + ": KDC error " + code + " " + name + etext, null);
    }
}
