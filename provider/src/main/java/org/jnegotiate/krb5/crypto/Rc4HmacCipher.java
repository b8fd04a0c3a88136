package org.jnegotiate.krb5.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * rc4-hmac (RFC 4757; weak, usable only when {@link EnctypePolicy} allows it) and its keyed checksum
 * hmac-md5 (type -138).
 *
 * <p>Encryption (section 4): K1 = HMAC-MD5(K, T) with T the translated usage as four little-endian
 * octets, checksum = HMAC-MD5(K1, confounder | plain), K3 = HMAC-MD5(K1, checksum), output = checksum |
 * RC4(K3, confounder | plain). K1 is cached per usage; K3 changes with every message.
 *
 * <p>Usage translation: RFC 4757 section 3 maps 3 (AS-REP enc-part) to 8, and its table also maps 9
 * (TGS-REP enc-part under a subkey) to 8. MIT krb5, Heimdal, Apache Kerby and Windows keep 9 as 9, so
 * this implementation does too: following the table would break TGS-REPs with every real KDC. GSS
 * wrap usage 23 maps to 13, as in MIT.
 */
final class Rc4HmacCipher implements KeyedCipher {
    static final int CHECKSUM = 16;
    static final int CONFOUNDER = 8;
    private static final byte[] SIGNATURE_KEY = "signaturekey\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] baseKey;
    private final RawKey signingKey;
    private final EnginePool<ChecksumEngine> checksums;
    private final ConcurrentHashMap<Integer, UsageKey> usages = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    Rc4HmacCipher(Krb5Key key) {
        this.baseKey = key.bytes();
        this.signingKey = new RawKey("HmacMD5", Jca.hmac("HmacMD5", baseKey, SIGNATURE_KEY));
        this.checksums = new EnginePool<>(() -> new ChecksumEngine(signingKey));
    }

    /** RFC 4757 section 3, as implemented by MIT krb5 and Windows (see the class comment). */
    static int translateUsage(int usage) {
        switch (usage) {
            case 3:
                return 8;
            case 23:
                return 13;
            default:
                return usage;
        }
    }

    static byte[] littleEndian(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    @Override
    public EncryptionType type() {
        return EncryptionType.RC4_HMAC;
    }

    @Override
    public int encryptionOverhead() {
        return CHECKSUM + CONFOUNDER;
    }

    @Override
    public int confounderLength() {
        return CONFOUNDER;
    }

    @Override
    public byte[] encrypt(int usage, byte[] plain, int offset, int length, byte[] confounder) {
        Objects.checkFromIndexSize(offset, length, plain.length);
        if (confounder.length != CONFOUNDER || length > Integer.MAX_VALUE - encryptionOverhead()) {
            throw new IllegalArgumentException("bad confounder or length");
        }
        UsageKey key = usageKey(usage);
        Engine e = key.engines.take();
        byte[] out = new byte[CHECKSUM + CONFOUNDER + length];
        try {
            e.k1.update(confounder);
            e.k1.update(plain, offset, length);
            e.k1.doFinal(out, 0);
            e.startRc4(Cipher.ENCRYPT_MODE, out, 0);
            e.rc4.update(confounder, 0, CONFOUNDER, out, CHECKSUM);
            e.rc4.doFinal(plain, offset, length, out, CHECKSUM + CONFOUNDER);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("RC4/HMAC-MD5 failed", ex);
        }
        key.engines.give(e);
        return out;
    }

    @Override
    public byte[] decrypt(int usage, byte[] in, int offset, int length) throws NegotiateException {
        Objects.checkFromIndexSize(offset, length, in.length);
        if (length < encryptionOverhead()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "rc4-hmac ciphertext of " + length + " bytes is shorter than checksum and confounder ("
                            + encryptionOverhead() + ")");
        }
        UsageKey key = usageKey(usage);
        Engine e = key.engines.take();
        byte[] plain = new byte[length - CHECKSUM - CONFOUNDER];
        try {
            e.startRc4(Cipher.DECRYPT_MODE, in, offset);
            e.rc4.update(in, offset + CHECKSUM, CONFOUNDER, e.confounder, 0);
            e.rc4.doFinal(in, offset + CHECKSUM + CONFOUNDER, plain.length, plain, 0);
            e.k1.update(e.confounder);
            e.k1.update(plain);
            e.k1.doFinal(e.checksum, 0);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("RC4/HMAC-MD5 failed", ex);
        }
        boolean ok = MessageDigest.isEqual(e.checksum, Arrays.copyOfRange(in, offset, offset + CHECKSUM));
        key.engines.give(e);
        if (!ok) {
            Arrays.fill(plain, (byte) 0);
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "rc4-hmac checksum mismatch");
        }
        return plain;
    }

    /** hmac-md5 (RFC 4757 section 4): HMAC-MD5(Ksign, MD5(T | data)), Ksign = HMAC-MD5(K, "signaturekey\0"). */
    @Override
    public byte[] checksum(int usage, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        checkNotDestroyed();
        ChecksumEngine e = checksums.take();
        e.md5.update(littleEndian(translateUsage(usage)));
        e.md5.update(data, offset, length);
        byte[] sum = e.mac.doFinal(e.md5.digest());
        checksums.give(e);
        return sum;
    }

    @Override
    public void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected)
            throws NegotiateException {
        if (!MessageDigest.isEqual(checksum(usage, data, offset, length), expected)) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "hmac-md5 checksum mismatch");
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(baseKey, (byte) 0);
        signingKey.destroy();
        checksums.clear();
        usages.values().forEach(UsageKey::destroy);
        usages.clear();
    }

    /** For tests: the base key is zero and every cached key (Ksign, K1s) is destroyed. */
    boolean baseKeyIsZero() {
        for (byte b : baseKey) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    List<RawKey> cachedKeys() {
        List<RawKey> keys = new ArrayList<>();
        keys.add(signingKey);
        usages.values().forEach(u -> keys.add(u.k1));
        return keys;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("rc4-hmac cipher was destroyed");
        }
    }

    private UsageKey usageKey(int usage) {
        checkNotDestroyed();
        UsageKey key = usages.computeIfAbsent(
                usage, u -> new UsageKey(Jca.hmac("HmacMD5", baseKey, littleEndian(translateUsage(u)))));
        if (destroyed) {
            key.destroy();
            checkNotDestroyed();
        }
        return key;
    }

    /** K1 of one usage and the engines keyed with it. */
    private static final class UsageKey {
        final RawKey k1;
        final EnginePool<Engine> engines;

        UsageKey(byte[] k1) {
            this.k1 = new RawKey("HmacMD5", k1);
            this.engines = new EnginePool<>(() -> new Engine(this.k1));
        }

        void destroy() {
            engines.clear();
            k1.destroy();
        }
    }

    /** One thread's HMAC-MD5 keyed with K1, an RC4 cipher re-keyed per message, and scratch space. */
    private static final class Engine {
        final Mac k1;
        final Cipher rc4 = Jca.cipher("ARCFOUR");
        final byte[] checksum = new byte[CHECKSUM];
        final byte[] confounder = new byte[CONFOUNDER];

        Engine(RawKey k1) {
            this.k1 = Jca.mac("HmacMD5", k1);
        }

        /** Keys RC4 with K3 = HMAC-MD5(K1, checksum at {@code src[offset, +16)}). */
        void startRc4(int mode, byte[] src, int offset) throws GeneralSecurityException {
            k1.update(src, offset, CHECKSUM);
            RawKey k3 = new RawKey("ARCFOUR", k1.doFinal());
            try {
                rc4.init(mode, k3);
            } finally {
                k3.destroy();
            }
        }
    }

    /** MD5 and HMAC-MD5 keyed with Ksign. */
    private static final class ChecksumEngine {
        final MessageDigest md5 = Jca.digest("MD5");
        final Mac mac;

        ChecksumEngine(RawKey signingKey) {
            this.mac = Jca.mac("HmacMD5", signingKey);
        }
    }
}
