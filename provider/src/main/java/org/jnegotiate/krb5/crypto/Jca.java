package org.jnegotiate.krb5.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * JCA look-ups for the crypto hot path. SunJCE is asked for by name first, because it is the provider
 * with the AES-NI and SHA intrinsics and a BouncyCastle registered ahead of it must not take over; any
 * other provider is used only when SunJCE is absent (a FIPS-configured JVM, for example).
 */
final class Jca {
    /** The all-zero initial cipher state of RFC 3961 section 5.3 / RFC 8009 section 5. */
    static final byte[] ZERO_IV = new byte[16];
    private static final IvParameterSpec ZERO_IV_SPEC = new IvParameterSpec(ZERO_IV);
    private static final Provider SUN_JCE = Security.getProvider("SunJCE");
    /**
     * One AES/ECB engine per thread for key derivation: DK keys it for one or two blocks and is done, so the
     * engine is re-keyed rather than looked up again (Cipher.getInstance parses the transformation and searches
     * the provider every time). Holds the last derivation's base-key schedule until the next init.
     */
    private static final ThreadLocal<Cipher> DERIVATION_AES = ThreadLocal.withInitial(() -> cipher("AES/ECB/NoPadding"));

    private Jca() {
    }

    static Cipher cipher(String transformation) {
        try {
            if (SUN_JCE != null) {
                try {
                    return Cipher.getInstance(transformation, SUN_JCE);
                } catch (NoSuchAlgorithmException e) {
                    // fall through to any provider
                }
            }
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks " + transformation, e);
        }
    }

    static Mac mac(String algorithm) {
        try {
            if (SUN_JCE != null) {
                try {
                    return Mac.getInstance(algorithm, SUN_JCE);
                } catch (NoSuchAlgorithmException e) {
                    // fall through to any provider
                }
            }
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    static Mac mac(String algorithm, RawKey key) {
        Mac mac = mac(algorithm);
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " refused a " + key.length() + "-byte key", e);
        }
        return mac;
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    /** AES/CBC/NoPadding keyed and set to the zero IV; after each doFinal it is ready again for the next message. */
    static Cipher aesCbc(int mode, RawKey key) {
        Cipher c = cipher("AES/CBC/NoPadding");
        try {
            c.init(mode, key, ZERO_IV_SPEC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused a " + key.length() + "-byte key", e);
        }
        return c;
    }

    static Cipher aesEcb(int mode, RawKey key) {
        Cipher c = cipher("AES/ECB/NoPadding");
        try {
            c.init(mode, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused a " + key.length() + "-byte key", e);
        }
        return c;
    }

    /** This thread's AES/ECB engine, keyed with {@code key} for encryption; use it before the next call on this thread. */
    static Cipher derivationAes(RawKey key) {
        Cipher c = DERIVATION_AES.get();
        try {
            c.init(Cipher.ENCRYPT_MODE, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused a " + key.length() + "-byte key", e);
        }
        return c;
    }

    /** One HMAC over a single input, for derivations (not the hot path). */
    static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        RawKey k = new RawKey(algorithm, key.clone());
        try {
            Mac mac = mac(algorithm, k);
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } finally {
            k.destroy();
        }
    }
}
