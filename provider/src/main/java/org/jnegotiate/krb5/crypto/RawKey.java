package org.jnegotiate.krb5.crypto;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A JCA key over bytes this package owns, so that {@link #destroy()} really zeroes them
 * ({@code SecretKeySpec} cannot be destroyed on Java 17). The JCA engines keyed with it keep their own
 * expanded copies, which are dropped together with the engines.
 */
final class RawKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes ownership of {@code bytes}. */
    RawKey(String algorithm, byte[] bytes) {
        this.algorithm = algorithm;
        this.bytes = bytes;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key was destroyed");
        }
        return bytes.clone();
    }

    /** The owned array itself, for derivations inside this package; never hand it out. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return bytes.length;
    }

    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "RawKey[" + algorithm + ", " + bytes.length + " bytes, redacted]";
    }
}
