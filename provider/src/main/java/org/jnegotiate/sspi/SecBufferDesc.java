package org.jnegotiate.sspi;

import java.util.Arrays;
import java.util.Objects;

/** SSPI {@code SecBufferDesc}: an array of {@link SecBuffer}s (ulVersion is always SECBUFFER_VERSION, 0). */
public final class SecBufferDesc {
    public static final int SECBUFFER_VERSION = 0;

    private final SecBuffer[] pBuffers;

    public SecBufferDesc(SecBuffer... buffers) {
        this.pBuffers = Objects.requireNonNull(buffers, "buffers").clone();
        for (SecBuffer b : pBuffers) {
            Objects.requireNonNull(b, "buffer");
        }
    }

    /** One buffer of {@code type} holding {@code token} (JNA's {@code new SecBufferDesc(type, token)}). */
    public SecBufferDesc(int type, byte[] token) {
        this(new SecBuffer(type, token));
    }

    /** One empty buffer of {@code type} of {@code size} bytes (JNA's {@code new SecBufferDesc(type, size)}). */
    public SecBufferDesc(int type, int size) {
        this(new SecBuffer(type, size));
    }

    public int cBuffers() {
        return pBuffers.length;
    }

    public SecBuffer get(int i) {
        return pBuffers[i];
    }

    /** The first buffer of {@code type} (attribute bits ignored), or null. */
    public SecBuffer first(int type) {
        for (SecBuffer b : pBuffers) {
            if (b.type() == type) {
                return b;
            }
        }
        return null;
    }

    /** The bytes of the first buffer (JNA's {@code getBytes()}), or null when there is no buffer. */
    public byte[] getBytes() {
        return pBuffers.length == 0 ? null : pBuffers[0].getBytes();
    }

    @Override
    public String toString() {
        return "SecBufferDesc" + Arrays.toString(pBuffers);
    }
}
