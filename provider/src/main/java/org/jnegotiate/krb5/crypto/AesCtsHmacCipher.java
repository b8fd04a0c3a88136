package org.jnegotiate.krb5.crypto;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * What the AES-CTS enctypes share (RFC 3962 and RFC 8009): per-usage keys Kc, Ke and Ki derived on first
 * use and cached, pooled JCA engines keyed with them, the 16-byte confounder and the truncated-HMAC
 * checksum. Subclasses say how keys are derived and in which order encryption and MAC are applied.
 */
abstract class AesCtsHmacCipher implements KeyedCipher {
    static final int CONFOUNDER = AesCts.BLOCK;

    private final EncryptionType type;
    private final String macAlgorithm;
    private final byte[] baseKey;
    private final ConcurrentHashMap<Integer, UsageKeys> usages = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    AesCtsHmacCipher(Krb5Key key, String macAlgorithm) {
        this.type = key.type();
        this.macAlgorithm = macAlgorithm;
        this.baseKey = key.bytes();
    }

    /** The derived key of {@code kind} (Kc, Ke or Ki constant octet) for {@code usage}. */
    abstract byte[] deriveKey(byte[] baseKey, int usage, byte kind);

    /** Confounder and plaintext in, the finished ciphertext with its tag out. */
    abstract byte[] seal(Engine engine, byte[] confounder, byte[] plain, int offset, int length);

    /** The inverse of {@link #seal}, checking the tag; the caller has already checked the minimum length. */
    abstract byte[] open(Engine engine, byte[] cipher, int offset, int length) throws NegotiateException;

    @Override
    public final EncryptionType type() {
        return type;
    }

    final int tagLength() {
        return type.checksumLength();
    }

    @Override
    public final int encryptionOverhead() {
        return CONFOUNDER + tagLength();
    }

    @Override
    public final int confounderLength() {
        return CONFOUNDER;
    }

    @Override
    public final byte[] encrypt(int usage, byte[] plain, int offset, int length, byte[] confounder) {
        Objects.checkFromIndexSize(offset, length, plain.length);
        if (confounder.length != CONFOUNDER) {
            throw new IllegalArgumentException("the confounder is one AES block");
        }
        if (length > Integer.MAX_VALUE - encryptionOverhead()) {
            throw new IllegalArgumentException("plaintext too long: " + length);
        }
        EnginePool<Engine> pool = keys(usage).crypt();
        Engine engine = pool.take();
        byte[] out = seal(engine, confounder, plain, offset, length);
        pool.give(engine);
        return out;
    }

    @Override
    public final byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException {
        Objects.checkFromIndexSize(offset, length, cipher.length);
        if (length < encryptionOverhead()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    type.krb5Name() + " ciphertext of " + length + " bytes is shorter than confounder and tag ("
                            + encryptionOverhead() + ")");
        }
        EnginePool<Engine> pool = keys(usage).crypt();
        Engine engine = pool.take();
        try {
            byte[] plain = open(engine, cipher, offset, length);
            pool.give(engine);
            return plain;
        } catch (NegotiateException e) {
            pool.give(engine); // the engine finished its operation; only the tag was wrong
            throw e;
        }
    }

    @Override
    public final byte[] checksum(int usage, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        EnginePool<Mac> pool = keys(usage).checksum();
        Mac mac = pool.take();
        mac.update(data, offset, length);
        byte[] full = mac.doFinal();
        pool.give(mac);
        return Arrays.copyOf(full, tagLength());
    }

    @Override
    public final void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected)
            throws NegotiateException {
        byte[] actual = checksum(usage, data, offset, length);
        if (!MessageDigest.isEqual(actual, expected)) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, type.krb5Name() + " checksum mismatch");
        }
    }

    @Override
    public final void destroy() {
        destroyed = true;
        Arrays.fill(baseKey, (byte) 0);
        usages.values().forEach(UsageKeys::destroy);
        usages.clear();
    }

    /** For tests: whether destroy() zeroed the base key. */
    final boolean baseKeyIsZero() {
        for (byte b : baseKey) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** For tests: every derived key currently cached. */
    final List<RawKey> cachedKeys() {
        List<RawKey> keys = new ArrayList<>();
        usages.values().forEach(u -> keys.addAll(u.derived()));
        return keys;
    }

    /** The keys of one usage; each kind is derived on first use. */
    final UsageKeys keys(int usage) {
        if (destroyed) {
            throw new IllegalStateException(type.krb5Name() + " cipher was destroyed");
        }
        return usages.computeIfAbsent(usage, UsageKeys::new);
    }

    /** Fails, destroying what was just derived, when the cipher was destroyed meanwhile. */
    private void checkNotDestroyed(UsageKeys keys) {
        if (destroyed) {
            keys.destroy();
            throw new IllegalStateException(type.krb5Name() + " cipher was destroyed");
        }
    }

    /** Writes the HMAC of the engine's MAC into its scratch buffer. */
    static void finishMac(Engine engine) {
        try {
            engine.mac.doFinal(engine.macOut, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the first {@code tagLength} bytes of the computed MAC with the received tag. */
    final boolean tagMatches(Engine engine, byte[] in, int tagOffset) {
        byte[] received = Arrays.copyOfRange(in, tagOffset, tagOffset + tagLength());
        byte[] computed = Arrays.copyOf(engine.macOut, tagLength());
        return MessageDigest.isEqual(computed, received);
    }

    final NegotiateException altered() {
        return new NegotiateException(Failure.MESSAGE_ALTERED, type.krb5Name() + " integrity tag mismatch");
    }

    /**
     * Kc, Ke, Ki of one usage, and the engines keyed with them. Derived lazily and separately: a handshake uses
     * most usages in one direction only (the authenticator is encrypted, never checksummed), and each DK or
     * KDF costs a key schedule, so Kc is derived on the first checksum and Ke/Ki on the first encrypt or decrypt.
     */
    final class UsageKeys {
        private final int usage;
        private volatile RawKey kc;
        private volatile EnginePool<Mac> checksum;
        private volatile RawKey ke;
        private volatile RawKey ki;
        private volatile EnginePool<Engine> crypt;

        UsageKeys(int usage) {
            this.usage = usage;
        }

        EnginePool<Mac> checksum() {
            EnginePool<Mac> pool = checksum;
            if (pool == null) {
                synchronized (this) {
                    pool = checksum;
                    if (pool == null) {
                        RawKey k = new RawKey(macAlgorithm, deriveKey(baseKey, usage, KeyDerivation.CHECKSUM));
                        kc = k;
                        checksum = pool = new EnginePool<>(() -> Jca.mac(macAlgorithm, k));
                    }
                }
                checkNotDestroyed(this);
            }
            return pool;
        }

        EnginePool<Engine> crypt() {
            EnginePool<Engine> pool = crypt;
            if (pool == null) {
                synchronized (this) {
                    pool = crypt;
                    if (pool == null) {
                        RawKey e = new RawKey("AES", deriveKey(baseKey, usage, KeyDerivation.ENCRYPTION));
                        RawKey i = new RawKey(macAlgorithm, deriveKey(baseKey, usage, KeyDerivation.INTEGRITY));
                        ke = e;
                        ki = i;
                        crypt = pool = new EnginePool<>(() -> new Engine(e, i, macAlgorithm));
                    }
                }
                checkNotDestroyed(this);
            }
            return pool;
        }

        /** The keys derived so far. */
        synchronized List<RawKey> derived() {
            List<RawKey> out = new ArrayList<>(3);
            for (RawKey k : new RawKey[] {kc, ke, ki}) {
                if (k != null) {
                    out.add(k);
                }
            }
            return out;
        }

        synchronized void destroy() {
            // the JCA engines go to this thread's spares: the next short-lived key re-keys them
            if (crypt != null) {
                crypt.drain(Engine::recycle);
            }
            if (checksum != null) {
                checksum.drain(Jca::recycleMac);
            }
            derived().forEach(RawKey::destroy);
        }
    }

    /**
     * One thread's keyed engines for encrypt/decrypt of one usage, with scratch space. The AES engines are
     * made on first use (a usage is usually only encrypted or only decrypted on one side); single-block ECB
     * decryption goes through the CBC decryptor, whose chain is back at the zero IV after every doFinal, so
     * CBC of one block is ECB (RFC 3962: the zero initial state).
     */
    static final class Engine {
        private final RawKey ke;
        private Cipher cbcEncrypt;
        private Cipher cbcDecrypt;
        final Mac mac;
        final byte[] macOut;
        final byte[] confounder = new byte[CONFOUNDER];

        Engine(RawKey ke, RawKey ki, String macAlgorithm) {
            this.ke = ke;
            this.mac = Jca.mac(macAlgorithm, ki);
            this.macOut = new byte[mac.getMacLength()];
        }

        Cipher cbcEncrypt() {
            if (cbcEncrypt == null) {
                cbcEncrypt = Jca.aesCbc(Cipher.ENCRYPT_MODE, ke);
            }
            return cbcEncrypt;
        }

        Cipher cbcDecrypt() {
            if (cbcDecrypt == null) {
                cbcDecrypt = Jca.aesCbc(Cipher.DECRYPT_MODE, ke);
            }
            return cbcDecrypt;
        }

        /** Gives the JCA engines to this thread's spares; this engine is not used again. */
        void recycle() {
            Jca.recycleAesCbc(cbcEncrypt);
            Jca.recycleAesCbc(cbcDecrypt);
            Jca.recycleMac(mac);
        }
    }
}
