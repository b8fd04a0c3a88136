package org.jnegotiate.krb5.crypto;

import java.util.Objects;
import org.jnegotiate.mech.SecretBytes;

/**
 * A Kerberos key: its encryption type and its secret bytes. Never printed; zeroed by {@link #destroy()}.
 * It may carry a cipher over itself ({@link Krb5Ciphers#shared}), so that keys used by many contexts (a cached
 * service ticket's session key, an acceptor's long-term key) derive their usage keys once; that cipher is
 * destroyed with the key.
 */
public final class Krb5Key {
    private final EncryptionType type;
    private final SecretBytes bytes;
    private KeyedCipher cipher; // guarded by this

    public Krb5Key(EncryptionType type, byte[] keyBytes) {
        this.type = Objects.requireNonNull(type, "type");
        if (keyBytes.length != type.keyLength()) {
            throw new IllegalArgumentException(
                    type + " needs a " + type.keyLength() + "-byte key, not " + keyBytes.length);
        }
        this.bytes = SecretBytes.copyOf(keyBytes);
    }

    public EncryptionType type() {
        return type;
    }

    /** A copy of the key bytes; the caller zeroes it. */
    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public void destroy() {
        bytes.destroy();
        KeyedCipher c;
        synchronized (this) {
            c = cipher;
            cipher = null;
        }
        if (c != null) {
            c.destroy();
        }
    }

    /**
     * The cipher kept with this key, made on first use; fails with IllegalStateException once destroyed. It draws no
     * randomness: each view ({@link Krb5Ciphers#shared}) brings its own.
     */
    synchronized KeyedCipher keptCipher() {
        if (bytes.isDestroyed()) {
            throw new IllegalStateException("key was destroyed");
        }
        if (cipher == null) {
            cipher = Krb5Ciphers.keyed(this);
        }
        return cipher;
    }

    public boolean isDestroyed() {
        return bytes.isDestroyed();
    }

    @Override
    public String toString() {
        return "Krb5Key[" + type.krb5Name() + ", redacted]";
    }
}
