package org.jnegotiate.mech;

import java.util.Arrays;

/**
 * Holds secret material (keys, passwords, NT hashes). Never printed, zeroed by {@link #destroy()}.
 * Callers that need the bytes get a copy and are responsible for zeroing it.
 */
public final class SecretBytes {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller may zero its own array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying (for freshly derived material). */
    public static SecretBytes adopt(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret. Throws if destroyed. */
    public byte[] toByteArray() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return bytes.clone();
    }

    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
