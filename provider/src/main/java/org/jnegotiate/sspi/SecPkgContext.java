package org.jnegotiate.sspi;

import java.util.Arrays;

/**
 * The out-structures of {@link Sspi#queryContextAttributes}, one nested class per SECPKG_ATTR_* value,
 * with the public fields of the C structures ({@code SecPkgContext_Sizes} is {@link Sizes}, and so on).
 */
public final class SecPkgContext {
    private SecPkgContext() {}

    /** Marker of the attribute structures. */
    public interface Attribute {}

    /** SECPKG_ATTR_SIZES (0). */
    public static final class Sizes implements Attribute {
        public int cbMaxToken;
        /** An upper bound: the integrity-only wrap overhead, never smaller than a MIC token of this context. */
        public int cbMaxSignature;

        public int cbBlockSize;
        /** The size of the TOKEN buffer EncryptMessage fills: the wrap overhead. */
        public int cbSecurityTrailer;
    }

    /** SECPKG_ATTR_NAMES (1): the client's name, on either side. */
    public static final class Names implements Attribute {
        public String sUserName;
    }

    /** SECPKG_ATTR_LIFESPAN (2). */
    public static final class Lifespan implements Attribute {
        public final TimeStamp tsStart = new TimeStamp();
        public final TimeStamp tsExpiry = new TimeStamp();
    }

    /** SECPKG_ATTR_STREAM_SIZES (4), for contexts with ISC_REQ_STREAM/ASC_REQ_STREAM. */
    public static final class StreamSizes implements Attribute {
        public int cbHeader;
        public int cbTrailer;
        public int cbMaximumMessage;
        public int cBuffers;
        public int cbBlockSize;
    }

    /** SECPKG_ATTR_SESSION_KEY (9). The key is secret: {@link #clear()} zeroes it. */
    public static final class SessionKey implements Attribute {
        public int SessionKeyLength;
        public byte[] SessionKey;

        public void clear() {
            if (SessionKey != null) {
                Arrays.fill(SessionKey, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return "SessionKey[" + SessionKeyLength + " bytes, redacted]";
        }
    }

    /** SECPKG_ATTR_PACKAGE_INFO (10): the package, the negotiated one under Negotiate when known. */
    public static final class PackageInfo implements Attribute {
        public final SecPkgInfo PackageInfo = new SecPkgInfo();
    }

    /** SECPKG_ATTR_NEGOTIATION_INFO (12), Negotiate only. */
    public static final class NegotiationInfo implements Attribute {
        public final SecPkgInfo PackageInfo = new SecPkgInfo();
        /** SECPKG_NEGOTIATION_COMPLETE (0) or SECPKG_NEGOTIATION_IN_PROGRESS (2). */
        public int NegotiationState;
    }

    /** SECPKG_ATTR_NATIVE_NAMES (13): the client's and the server's names as the mechanism has them. */
    public static final class NativeNames implements Attribute {
        public String sClientName;
        public String sServerName;
    }

    /** SECPKG_ATTR_FLAGS (14): the ISC_RET_/ASC_RET_ bits of the last successful return. */
    public static final class Flags implements Attribute {
        public int Flags;
    }
}
