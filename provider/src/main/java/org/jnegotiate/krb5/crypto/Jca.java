package org.jnegotiate.krb5.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
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

    private static final String AES_CBC = "AES/CBC/NoPadding";
    private static final IvParameterSpec ZERO_IV_SPEC = new IvParameterSpec(ZERO_IV);
    private static final Provider SUN_JCE = Security.getProvider("SunJCE");
    /**
     * One AES/ECB engine per thread for key derivation: DK keys it for one or two blocks and is done, so the
     * engine is re-keyed rather than looked up again (Cipher.getInstance parses the transformation and searches
     * the provider every time). Holds the last derivation's base-key schedule until the next init. Unlike a spare it
     * is not re-keyed with the throwaway key after use: nothing but {@link #derivationAes} reaches it, and that keys
     * it before every use, so no code can compute with the old key through it; and re-keying it would cost two key
     * expansions per derivation instead of none (SunJCE skips the expansion when the same base key comes again, as
     * it does for Ke and Ki of one usage), while leaving the old schedule's memory to the collector all the same.
     */
    private static final ThreadLocal<Cipher> DERIVATION_AES =
            ThreadLocal.withInitial(() -> cipher("AES/ECB/NoPadding"));

    /**
     * Engines of this thread left by keys that were destroyed: a context's session key and subkey live for one
     * handshake, and {@code getInstance} (transformation parsing, provider search, a reflective constructor) costs
     * more than the keying. A spare is keyed with a throwaway key when it is put here, so that no destroyed key
     * leaves a usable schedule (or the copy of the raw key SunJCE's AES keeps to skip re-expanding the same key)
     * in an engine that lives on: a bug or an attacker that reaches a spare can only compute with the throwaway key.
     * The memory of the old schedule is left to the collector, as with any dropped engine.
     */
    private static final ThreadLocal<Spares> SPARES = ThreadLocal.withInitial(Spares::new);
    /** The key spares hold between owners: public knowledge (zeros), used for nothing; never destroyed. */
    private static final RawKey THROWAWAY_AES = new RawKey("AES", new byte[16]);

    private static final RawKey THROWAWAY_HMAC = new RawKey("HmacSHA1", new byte[16]);

    private Jca() {}

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
        Mac mac = SPARES.get().mac(algorithm);
        if (mac == null) {
            mac = mac(algorithm);
        }
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
        Cipher c = SPARES.get().aesCbc.pollFirst();
        if (c == null) {
            c = cipher(AES_CBC);
        }
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

    /**
     * Keeps an AES/CBC/NoPadding engine of a destroyed key for this thread's next {@link #aesCbc}, keyed with the
     * throwaway key; dropped when the thread has enough spares.
     */
    static void recycleAesCbc(Cipher c) {
        ArrayDeque<Cipher> spare = SPARES.get().aesCbc;
        if (c != null && spare.size() < Spares.MAX) {
            try {
                c.init(Cipher.ENCRYPT_MODE, THROWAWAY_AES, ZERO_IV_SPEC);
            } catch (GeneralSecurityException e) {
                return; // an engine that cannot be re-keyed is dropped, never kept with the old key
            }
            spare.addFirst(c);
        }
    }

    /**
     * Keeps a Mac of a destroyed key for this thread's next {@link #mac(String, RawKey)} of its algorithm, keyed with
     * the throwaway key (HMAC takes a key of any length and name); dropped when the thread has enough spares.
     */
    static void recycleMac(Mac mac) {
        if (mac == null) {
            return;
        }
        ArrayDeque<Mac> spare = SPARES.get().macs.computeIfAbsent(mac.getAlgorithm(), a -> new ArrayDeque<>());
        if (spare.size() < Spares.MAX) {
            try {
                mac.init(THROWAWAY_HMAC);
            } catch (GeneralSecurityException e) {
                return; // as above
            }
            spare.addFirst(mac);
        }
    }

    /** One thread's spare engines, a few of each kind. */
    private static final class Spares {
        static final int MAX = 8;
        final ArrayDeque<Cipher> aesCbc = new ArrayDeque<>();
        final Map<String, ArrayDeque<Mac>> macs = new HashMap<>();

        Mac mac(String algorithm) {
            ArrayDeque<Mac> spare = macs.get(algorithm);
            return spare == null ? null : spare.pollFirst();
        }
    }
}
