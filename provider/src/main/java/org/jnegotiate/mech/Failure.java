package org.jnegotiate.mech;

import org.ietf.jgss.GSSException;

/**
 * Every way the engine can fail, each with the SSPI {@code SECURITY_STATUS} (winerror.h) and the
 * GSS-API major status (RFC 2743, {@link GSSException}) that the two front doors report for it.
 *
 * <p>This is the one failure table of the project: mechanisms throw {@link NegotiateException}
 * with one of these constants at the point where the failure is detected; the doors only translate.
 * Several constants may share an SSPI or GSS code: they differ in meaning and message.
 */
public enum Failure {
    /** A length field asks for more memory than the policy allows. */
    INSUFFICIENT_MEMORY(0x80090300, GSSException.FAILURE, "insufficient memory"),
    /** The context or credential was deleted, never established, or belongs to someone else. */
    INVALID_HANDLE(0x80090301, GSSException.NO_CONTEXT, "invalid or deleted handle"),
    /** A requested feature the package cannot provide (a flag, a mechanism option). */
    UNSUPPORTED_FUNCTION(0x80090302, GSSException.BAD_MECH, "function not supported"),
    /** The target name is malformed or unknown to the authority. */
    TARGET_UNKNOWN(0x80090303, GSSException.BAD_NAME, "target unknown"),
    /** Anything that maps to no other code. */
    INTERNAL_ERROR(0x80090304, GSSException.FAILURE, "internal error"),
    /** A malformed, truncated or corrupted token, or a token for another mechanism. */
    INVALID_TOKEN(0x80090308, GSSException.DEFECTIVE_TOKEN, "invalid token"),
    /** The peer or the authority rejected the credentials (bad password, unknown user). */
    LOGON_DENIED(0x8009030C, GSSException.UNAUTHORIZED, "logon denied"),
    /** The supplied credentials are not usable (no key for the ticket's enctype, wrong key version). */
    UNKNOWN_CREDENTIALS(0x8009030D, GSSException.DEFECTIVE_CREDENTIAL, "credentials not recognised"),
    /** No credentials are available for the request. */
    NO_CREDENTIALS(0x8009030E, GSSException.NO_CRED, "no credentials available"),
    /** A per-message integrity check failed. */
    MESSAGE_ALTERED(0x8009030F, GSSException.BAD_MIC, "message altered"),
    /** A message or step arrived out of sequence (including a step on a finished context). */
    OUT_OF_SEQUENCE(0x80090310, GSSException.UNSEQ_TOKEN, "out of sequence"),
    /** A token that was already accepted was presented again (replay). */
    REPLAYED_TOKEN(0x80090310, GSSException.DUPLICATE_TOKEN, "replayed token"),
    /** No KDC or authority could be reached, the realm is unknown, or a trust failed. */
    NO_AUTHENTICATING_AUTHORITY(0x80090311, GSSException.FAILURE, "no authenticating authority"),
    /** The context (or the ticket behind it) has expired. */
    CONTEXT_EXPIRED(0x80090317, GSSException.CONTEXT_EXPIRED, "context expired"),
    /** The credentials (for example the TGT) have expired. */
    CREDENTIALS_EXPIRED(0x80090317, GSSException.CREDENTIALS_EXPIRED, "credentials expired"),
    /** A stream message is incomplete: more input is needed. */
    INCOMPLETE_MESSAGE(0x80090318, GSSException.DEFECTIVE_TOKEN, "incomplete message"),
    /** The answering principal is not the one named as target: mutual authentication failed. */
    WRONG_PRINCIPAL(0x80090322, GSSException.BAD_NAME, "wrong principal"),
    /** The clocks of the two parties are too far apart. */
    TIME_SKEW(0x80090324, GSSException.FAILURE, "clock skew too great"),
    /** The channel bindings do not match. */
    BAD_BINDINGS(0x80090346, GSSException.BAD_BINDINGS, "channel bindings do not match"),
    /** The negotiation was tampered with (mechListMIC mismatch or missing). */
    DOWNGRADE_DETECTED(0x80090350, GSSException.FAILURE, "downgrade detected"),
    /** A bad argument (non-zero reserved value, bad data representation, invalid name syntax). */
    INVALID_PARAMETER(0x8009035D, GSSException.FAILURE, "invalid parameter"),
    /**
     * The context would complete without having authenticated the acceptor (NTLM, or Kerberos without an AP-REP)
     * while the policy requires it ({@code jnegotiate.requireMutualAuth}). Windows' SEC_E_MUTUAL_AUTH_FAILED, "the
     * identity of the server computer could not be verified"; GSS has no major status of its own for it.
     */
    MUTUAL_AUTH_FAILED(0x80090363, GSSException.FAILURE, "the acceptor was not authenticated");

    private final int sspiStatus;
    private final int gssMajor;
    private final String summary;

    Failure(int sspiStatus, int gssMajor, String summary) {
        this.sspiStatus = sspiStatus;
        this.gssMajor = gssMajor;
        this.summary = summary;
    }

    /** The SSPI {@code SECURITY_STATUS} value, for example {@code 0x80090308} for SEC_E_INVALID_TOKEN. */
    public int sspiStatus() {
        return sspiStatus;
    }

    /** The major status of {@link GSSException}, for example {@link GSSException#DEFECTIVE_TOKEN}. */
    public int gssMajor() {
        return gssMajor;
    }

    /** A short human description. */
    public String summary() {
        return summary;
    }
}
