package org.jnegotiate.sspi;

/**
 * SSPI {@code SecPkgInfo}, filled in by {@link Sspi#querySecurityPackageInfo} and the PACKAGE_INFO and
 * NEGOTIATION_INFO context attributes. Public fields, as the C structure (and JNA's mirror of it) has.
 */
public final class SecPkgInfo {
    public static final int SECPKG_FLAG_INTEGRITY = 0x00000001;
    public static final int SECPKG_FLAG_PRIVACY = 0x00000002;
    public static final int SECPKG_FLAG_CONNECTION = 0x00000010;
    public static final int SECPKG_FLAG_MULTI_REQUIRED = 0x00000020;
    public static final int SECPKG_FLAG_EXTENDED_ERROR = 0x00000080;
    public static final int SECPKG_FLAG_IMPERSONATION = 0x00000100;
    public static final int SECPKG_FLAG_ACCEPT_WIN32_NAME = 0x00000200;
    public static final int SECPKG_FLAG_STREAM = 0x00000400;
    public static final int SECPKG_FLAG_NEGOTIABLE = 0x00000800;
    public static final int SECPKG_FLAG_GSS_COMPATIBLE = 0x00001000;
    public static final int SECPKG_FLAG_MUTUAL_AUTH = 0x00010000;
    public static final int SECPKG_FLAG_DELEGATION = 0x00020000;

    public int fCapabilities;
    public short wVersion;
    public short wRPCID;
    public int cbMaxToken;
    public String Name;
    public String Comment;

    public SecPkgInfo() {}

    void fill(SecurityPackage p, int maxToken) {
        fCapabilities = p.capabilities();
        wVersion = 1;
        wRPCID = p.rpcId();
        cbMaxToken = maxToken;
        Name = p.packageName();
        Comment = p.comment();
    }

    @Override
    public String toString() {
        return "SecPkgInfo[" + Name + ", caps=0x" + Integer.toHexString(fCapabilities) + ", cbMaxToken=" + cbMaxToken
                + "]";
    }
}
