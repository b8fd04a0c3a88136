package org.jnegotiate.sspi;

import java.util.Objects;

/**
 * One SSPI {@code SecBuffer}: a type and its bytes. {@link #cbBuffer()} is the length of {@link #getBytes()}.
 * The package always allocates output buffers (as with ISC_REQ_ALLOCATE_MEMORY): it replaces the bytes of
 * TOKEN, DATA, PADDING, EXTRA and MISSING buffers and may change an EMPTY buffer's type, as Windows does.
 *
 * <p>A {@link #SECBUFFER_PKG_PARAMS} buffer carries a {@link SecWinntAuthIdentity} instead of bytes (the
 * credentials of ISC_REQ_USE_SUPPLIED_CREDS); see {@link #packageParameters}.
 */
public final class SecBuffer {
    public static final int SECBUFFER_EMPTY = 0;
    public static final int SECBUFFER_DATA = 1;
    public static final int SECBUFFER_TOKEN = 2;
    public static final int SECBUFFER_PKG_PARAMS = 3;
    public static final int SECBUFFER_MISSING = 4;
    public static final int SECBUFFER_EXTRA = 5;
    public static final int SECBUFFER_STREAM_TRAILER = 6;
    public static final int SECBUFFER_STREAM_HEADER = 7;
    public static final int SECBUFFER_NEGOTIATION_INFO = 8;
    public static final int SECBUFFER_PADDING = 9;
    public static final int SECBUFFER_STREAM = 10;
    public static final int SECBUFFER_MECHLIST = 11;
    public static final int SECBUFFER_MECHLIST_SIGNATURE = 12;
    public static final int SECBUFFER_TARGET = 13;
    public static final int SECBUFFER_CHANNEL_BINDINGS = 14;
    public static final int SECBUFFER_CHANGE_PASS_RESPONSE = 15;
    public static final int SECBUFFER_TARGET_HOST = 16;
    public static final int SECBUFFER_ALERT = 17;
    /** Attribute bits OR-ed into BufferType. */
    public static final int SECBUFFER_ATTRMASK = 0xF0000000;

    public static final int SECBUFFER_READONLY = 0x80000000;
    public static final int SECBUFFER_READONLY_WITH_CHECKSUM = 0x10000000;

    private static final byte[] EMPTY = new byte[0];

    private int bufferType;
    private byte[] buffer;
    private SecWinntAuthIdentity identity;
    /** cbBuffer of a MISSING buffer: a count of bytes, not the length of any array. */
    private int missingCount = -1;

    /** An empty buffer of {@code type}, for the package to fill. */
    public SecBuffer(int type) {
        this(type, EMPTY);
    }

    /** A buffer of {@code type} holding {@code bytes} (not copied: SSPI buffers are shared memory). */
    public SecBuffer(int type, byte[] bytes) {
        this.bufferType = type;
        this.buffer = bytes == null ? EMPTY : bytes;
    }

    /** An output buffer of {@code type} of {@code size} zero bytes (JNA's {@code new SecBuffer(type, size)}). */
    public SecBuffer(int type, int size) {
        this(type, new byte[Math.max(0, size)]);
    }

    /** A SECBUFFER_PKG_PARAMS buffer carrying the credentials for ISC_REQ_USE_SUPPLIED_CREDS. */
    public static SecBuffer packageParameters(SecWinntAuthIdentity identity) {
        SecBuffer b = new SecBuffer(SECBUFFER_PKG_PARAMS);
        b.identity = Objects.requireNonNull(identity, "identity");
        return b;
    }

    /** BufferType including attribute bits (SECBUFFER_READONLY...). */
    public int getBufferType() {
        return bufferType;
    }

    /** BufferType without attribute bits. */
    public int type() {
        return bufferType & ~SECBUFFER_ATTRMASK;
    }

    public boolean isReadOnly() {
        return (bufferType & (SECBUFFER_READONLY | SECBUFFER_READONLY_WITH_CHECKSUM)) != 0;
    }

    public void setBufferType(int type) {
        this.bufferType = type;
    }

    /** The length of the bytes; for a MISSING buffer, the number of bytes still needed. */
    public int cbBuffer() {
        return missingCount >= 0 ? missingCount : buffer.length;
    }

    /** The buffer's bytes (the array itself, as pvBuffer). */
    public byte[] getBytes() {
        return buffer;
    }

    public void setBytes(byte[] bytes) {
        this.buffer = bytes == null ? EMPTY : bytes;
        this.missingCount = -1;
    }

    void setMissing(int count) {
        this.buffer = EMPTY;
        this.missingCount = count;
    }

    /** The identity of a PKG_PARAMS buffer, or null. */
    public SecWinntAuthIdentity identity() {
        return identity;
    }

    @Override
    public String toString() {
        return "SecBuffer[type=" + type() + ", " + buffer.length + " bytes]";
    }
}
