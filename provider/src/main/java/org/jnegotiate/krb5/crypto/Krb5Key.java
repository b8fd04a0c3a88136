package org.jnegotiate.krb5.crypto;

import java.util.Objects;
import org.jnegotiate.mech.SecretBytes;

/** A Kerberos key: its encryption type and its secret bytes. Never printed; zeroed by {@link #destroy()}. */
public final class Krb5Key {
    private final EncryptionType type;
    private final SecretBytes bytes;

    public Krb5Key(EncryptionType type, byte[] keyBytes) {
        this.type = Objects.requireNonNull(type, "type");
        if (keyBytes.length != type.keyLength()) {
            throw new IllegalArgumentException(type + " needs a " + type.keyLength() + "-byte key, not "
                    + keyBytes.length);
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
    }

    public boolean isDestroyed() {
        return bytes.isDestroyed();
    }

    @Override
    public String toString() {
        return "Krb5Key[" + type.krb5Name() + ", redacted]";
    }
}
