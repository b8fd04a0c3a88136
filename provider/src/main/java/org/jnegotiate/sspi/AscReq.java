package org.jnegotiate.sspi;

/**
 * {@code ASC_REQ_*}: the fContextReq bits of AcceptSecurityContext, values from sspi.h. The first six match
 * ISC_REQ; from EXTENDED_ERROR on they differ.
 */
public final class AscReq {
    public static final int ASC_REQ_DELEGATE = 0x00000001;
    public static final int ASC_REQ_MUTUAL_AUTH = 0x00000002;
    public static final int ASC_REQ_REPLAY_DETECT = 0x00000004;
    public static final int ASC_REQ_SEQUENCE_DETECT = 0x00000008;
    public static final int ASC_REQ_CONFIDENTIALITY = 0x00000010;
    public static final int ASC_REQ_USE_SESSION_KEY = 0x00000020;
    public static final int ASC_REQ_ALLOCATE_MEMORY = 0x00000100;
    public static final int ASC_REQ_USE_DCE_STYLE = 0x00000200;
    public static final int ASC_REQ_DATAGRAM = 0x00000400;
    public static final int ASC_REQ_CONNECTION = 0x00000800;
    public static final int ASC_REQ_CALL_LEVEL = 0x00001000;
    public static final int ASC_REQ_FRAGMENT_SUPPLIED = 0x00002000;
    public static final int ASC_REQ_EXTENDED_ERROR = 0x00008000;
    public static final int ASC_REQ_STREAM = 0x00010000;
    public static final int ASC_REQ_INTEGRITY = 0x00020000;
    public static final int ASC_REQ_LICENSING = 0x00040000;
    public static final int ASC_REQ_IDENTIFY = 0x00080000;
    public static final int ASC_REQ_ALLOW_NULL_SESSION = 0x00100000;
    public static final int ASC_REQ_ALLOW_NON_USER_LOGONS = 0x00200000;
    public static final int ASC_REQ_ALLOW_CONTEXT_REPLAY = 0x00400000;
    public static final int ASC_REQ_FRAGMENT_TO_FIT = 0x00800000;
    public static final int ASC_REQ_NO_TOKEN = 0x01000000;
    public static final int ASC_REQ_PROXY_BINDINGS = 0x04000000;
    public static final int ASC_REQ_ALLOW_MISSING_BINDINGS = 0x10000000;

    private AscReq() {}
}
