package org.jnegotiate.ntlm.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful RC4 handle (MS-NLMP section 3.4: RC4Init/RC4), over the JCA's "ARCFOUR". NTLM keeps one
 * handle per direction for the life of a connection-oriented context, so the keystream position is
 * part of the protocol state. Not thread-safe: callers serialise use.
 */
public final class Rc4 {
    private Cipher cipher;

    private Rc4(Cipher cipher) {
        this.cipher = cipher;
    }

    /** RC4Init(Handle, key). */
    public static Rc4 init(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("ARCFOUR");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return new Rc4(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCA has no ARCFOUR cipher, required by NTLM session security", e);
        }
    }

    /** RC4(Handle, data): the next {@code len} keystream bytes XOR the input. */
    public byte[] update(byte[] data, int off, int len) {
        if (cipher == null) {
            throw new IllegalStateException("RC4 handle was destroyed");
        }
        if (len == 0) {
            return new byte[0];
        }
        byte[] out = cipher.update(data, off, len);
        if (out == null || out.length != len) {
            throw new IllegalStateException("ARCFOUR returned " + (out == null ? 0 : out.length) + " bytes for " + len);
        }
        return out;
    }

    /** RC4(Handle, data) into {@code out} at {@code outOff}, without an intermediate array. */
    public void update(byte[] data, int off, int len, byte[] out, int outOff) {
        if (cipher == null) {
            throw new IllegalStateException("RC4 handle was destroyed");
        }
        if (len == 0) {
            return;
        }
        try {
            int n = cipher.update(data, off, len, out, outOff);
            if (n != len) {
                throw new IllegalStateException("ARCFOUR returned " + n + " bytes for " + len);
            }
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalArgumentException("no room for " + len + " bytes at " + outOff, e);
        }
    }

    public byte[] update(byte[] data) {
        return update(data, 0, data.length);
    }

    /** Drops the cipher (the JCA gives no way to zero its state; dropping the reference is the best we can do). */
    public void destroy() {
        cipher = null;
    }
}
