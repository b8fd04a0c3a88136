package org.jnegotiate.sspi;

/** {@code ISC_REQ_*}: the fContextReq bits of InitializeSecurityContext, values from sspi.h. */
public final class IscReq {
    public static final int ISC_REQ_DELEGATE = 0x00000001;
    public static final int ISC_REQ_MUTUAL_AUTH = 0x00000002;
    public static final int ISC_REQ_REPLAY_DETECT = 0x00000004;
    public static final int ISC_REQ_SEQUENCE_DETECT = 0x00000008;
    public static final int ISC_REQ_CONFIDENTIALITY = 0x00000010;
    public static final int ISC_REQ_USE_SESSION_KEY = 0x00000020;
    public static final int ISC_REQ_PROMPT_FOR_CREDS = 0x00000040;
    public static final int ISC_REQ_USE_SUPPLIED_CREDS = 0x00000080;
    public static final int ISC_REQ_ALLOCATE_MEMORY = 0x00000100;
    public static final int ISC_REQ_USE_DCE_STYLE = 0x00000200;
    public static final int ISC_REQ_DATAGRAM = 0x00000400;
    public static final int ISC_REQ_CONNECTION = 0x00000800;
    public static final int ISC_REQ_CALL_LEVEL = 0x00001000;
    public static final int ISC_REQ_FRAGMENT_SUPPLIED = 0x00002000;
    public static final int ISC_REQ_EXTENDED_ERROR = 0x00004000;
    public static final int ISC_REQ_STREAM = 0x00008000;
    public static final int ISC_REQ_INTEGRITY = 0x00010000;
    public static final int ISC_REQ_IDENTIFY = 0x00020000;
    public static final int ISC_REQ_NULL_SESSION = 0x00040000;
    public static final int ISC_REQ_MANUAL_CRED_VALIDATION = 0x00080000;
    public static final int ISC_REQ_FRAGMENT_TO_FIT = 0x00200000;
    public static final int ISC_REQ_FORWARD_CREDENTIALS = 0x00400000;
    /** ISC_REQ_INTEGRITY is ignored; Kerberos also leaves the integrity and confidentiality flags out of its AP-REQ. */
    public static final int ISC_REQ_NO_INTEGRITY = 0x00800000;

    public static final int ISC_REQ_USE_HTTP_STYLE = 0x01000000;
    public static final int ISC_REQ_UNVERIFIED_TARGET_NAME = 0x20000000;
    public static final int ISC_REQ_CONFIDENTIALITY_ONLY = 0x40000000;

    private IscReq() {}
}
