package org.jnegotiate.sspi;

/** {@code ISC_RET_*}: the pfContextAttr bits InitializeSecurityContext returns, values from sspi.h. */
public final class IscRet {
    public static final int ISC_RET_DELEGATE = 0x00000001;
    public static final int ISC_RET_MUTUAL_AUTH = 0x00000002;
    public static final int ISC_RET_REPLAY_DETECT = 0x00000004;
    public static final int ISC_RET_SEQUENCE_DETECT = 0x00000008;
    public static final int ISC_RET_CONFIDENTIALITY = 0x00000010;
    public static final int ISC_RET_USE_SESSION_KEY = 0x00000020;
    public static final int ISC_RET_USED_COLLECTED_CREDS = 0x00000040;
    public static final int ISC_RET_USED_SUPPLIED_CREDS = 0x00000080;
    public static final int ISC_RET_ALLOCATED_MEMORY = 0x00000100;
    public static final int ISC_RET_USED_DCE_STYLE = 0x00000200;
    public static final int ISC_RET_DATAGRAM = 0x00000400;
    public static final int ISC_RET_CONNECTION = 0x00000800;
    public static final int ISC_RET_INTERMEDIATE_RETURN = 0x00001000;
    public static final int ISC_RET_CALL_LEVEL = 0x00002000;
    public static final int ISC_RET_EXTENDED_ERROR = 0x00004000;
    public static final int ISC_RET_STREAM = 0x00008000;
    public static final int ISC_RET_INTEGRITY = 0x00010000;
    public static final int ISC_RET_IDENTIFY = 0x00020000;
    public static final int ISC_RET_NULL_SESSION = 0x00040000;
    public static final int ISC_RET_MANUAL_CRED_VALIDATION = 0x00080000;
    public static final int ISC_RET_FRAGMENT_ONLY = 0x00200000;
    public static final int ISC_RET_FORWARD_CREDENTIALS = 0x00400000;
    public static final int ISC_RET_USED_HTTP_STYLE = 0x01000000;

    private IscRet() {}
}
