package org.jnegotiate.sspi;

/** {@code ASC_RET_*}: the pfContextAttr bits AcceptSecurityContext returns, values from sspi.h. */
public final class AscRet {
    public static final int ASC_RET_DELEGATE = 0x00000001;
    public static final int ASC_RET_MUTUAL_AUTH = 0x00000002;
    public static final int ASC_RET_REPLAY_DETECT = 0x00000004;
    public static final int ASC_RET_SEQUENCE_DETECT = 0x00000008;
    public static final int ASC_RET_CONFIDENTIALITY = 0x00000010;
    public static final int ASC_RET_USE_SESSION_KEY = 0x00000020;
    public static final int ASC_RET_ALLOCATED_MEMORY = 0x00000100;
    public static final int ASC_RET_USED_DCE_STYLE = 0x00000200;
    public static final int ASC_RET_DATAGRAM = 0x00000400;
    public static final int ASC_RET_CONNECTION = 0x00000800;
    public static final int ASC_RET_CALL_LEVEL = 0x00002000;
    public static final int ASC_RET_THIRD_LEG_FAILED = 0x00004000;
    public static final int ASC_RET_EXTENDED_ERROR = 0x00008000;
    public static final int ASC_RET_STREAM = 0x00010000;
    public static final int ASC_RET_INTEGRITY = 0x00020000;
    public static final int ASC_RET_LICENSING = 0x00040000;
    public static final int ASC_RET_IDENTIFY = 0x00080000;
    public static final int ASC_RET_NULL_SESSION = 0x00100000;
    public static final int ASC_RET_ALLOW_NON_USER_LOGONS = 0x00200000;
    public static final int ASC_RET_FRAGMENT_ONLY = 0x00800000;
    public static final int ASC_RET_NO_TOKEN = 0x01000000;
    public static final int ASC_RET_NO_PROXY_BINDINGS = 0x04000000;
    public static final int ASC_RET_MISSING_BINDINGS = 0x10000000;

    private AscRet() {}
}
