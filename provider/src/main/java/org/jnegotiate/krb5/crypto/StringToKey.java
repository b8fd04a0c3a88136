package org.jnegotiate.krb5.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * string-to-key and random-to-key for every implemented enctype (RFC 3961 section 3):
 * <ul>
 * <li>RFC 3962 section 4: DK(PBKDF2-HMAC-SHA1(password, salt, iterations, keylength), "kerberos");</li>
 * <li>RFC 8009 section 4: KDF-HMAC-SHA2(PBKDF2-HMAC-SHA2(password, enctype-name | 0 | salt, iterations,
 * keylength), "kerberos", keylength);</li>
 * <li>RFC 4757 section 2 (rc4-hmac): the NT hash MD4(UTF-16LE(password)); salt and s2kparams are ignored.</li>
 * </ul>
 * The iteration count comes from the KDC's s2kparams (four big-endian octets); counts below 1 or above
 * {@link #MAX_ITERATIONS} are refused, since a forged KDC reply could otherwise make the client spin
 * (RFC 3962 section 8).
 */
public final class StringToKey {
    /** The largest PBKDF2 iteration count accepted from s2kparams. */
    public static final long MAX_ITERATIONS = 10_000_000L;
    /** RFC 3962 section 4 default (s2kparams 00 00 10 00). */
    static final int DEFAULT_ITERATIONS_RFC3962 = 4096;
    /** RFC 8009 section 4 default (s2kparams 00 00 80 00). */
    static final int DEFAULT_ITERATIONS_RFC8009 = 32768;

    private StringToKey() {}

    /**
     * The long-term key of {@code password} for {@code type}.
     *
     * @param salt the Kerberos salt (normally realm followed by the principal's name components, or the
     *        salt from PA-ETYPE-INFO2); ignored by rc4-hmac
     * @param s2kParams the s2kparams from PA-ETYPE-INFO2, or null for the enctype's default
     */
    public static Krb5Key derive(EncryptionType type, char[] password, byte[] salt, byte[] s2kParams)
            throws NegotiateException {
        switch (type) {
            case AES128_CTS_HMAC_SHA1_96:
            case AES256_CTS_HMAC_SHA1_96: {
                int iterations = iterations(s2kParams, DEFAULT_ITERATIONS_RFC3962);
                byte[] tkey = pbkdf2("PBKDF2WithHmacSHA1", password, salt, iterations, type.keyLength());
                byte[] key = KeyDerivation.dk(tkey, KeyDerivation.KERBEROS);
                return adopt(type, key, tkey);
            }
            case AES128_CTS_HMAC_SHA256_128:
            case AES256_CTS_HMAC_SHA384_192: {
                int iterations = iterations(s2kParams, DEFAULT_ITERATIONS_RFC8009);
                String hmac = AesSha2Cipher.hmacOf(type);
                byte[] tkey =
                        pbkdf2("PBKDF2With" + hmac, password, rfc8009Salt(type, salt), iterations, type.keyLength());
                byte[] key = KeyDerivation.kdfHmacSha2(
                        hmac, tkey, KeyDerivation.KERBEROS, new byte[0], 8 * type.keyLength());
                return adopt(type, key, tkey);
            }
            case RC4_HMAC: {
                byte[] utf16 = utf16le(password);
                byte[] key = new byte[16];
                org.bouncycastle.crypto.digests.MD4Digest md4 = new org.bouncycastle.crypto.digests.MD4Digest();
                md4.update(utf16, 0, utf16.length);
                md4.doFinal(key, 0);
                return adopt(type, key, utf16);
            }
            default:
                throw new NegotiateException(
                        Failure.UNSUPPORTED_FUNCTION, "string-to-key for " + type.krb5Name() + " is not implemented");
        }
    }

    /** Java chars are UTF-16 code units; RFC 4757 hashes them little-endian, surrogates as they are. */
    private static byte[] utf16le(char[] password) {
        byte[] out = new byte[password.length * 2];
        for (int i = 0; i < password.length; i++) {
            out[2 * i] = (byte) password[i];
            out[2 * i + 1] = (byte) (password[i] >>> 8);
        }
        return out;
    }

    /** RFC 8009 section 4: saltp = enctype-name | 0x00 | salt. */
    static byte[] rfc8009Salt(EncryptionType type, byte[] salt) {
        byte[] name = type.krb5Name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] saltp = new byte[name.length + 1 + salt.length];
        System.arraycopy(name, 0, saltp, 0, name.length);
        System.arraycopy(salt, 0, saltp, name.length + 1, salt.length);
        return saltp;
    }

    /** {@link #derive(EncryptionType, char[], byte[], byte[])} with a UTF-8 salt and the default iteration count. */
    public static Krb5Key derive(EncryptionType type, char[] password, String salt) throws NegotiateException {
        return derive(type, password, salt.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /**
     * A fresh random key of {@code type}, its bytes drawn from {@code random} (random-to-key is the identity for all
     * implemented enctypes).
     */
    public static Krb5Key randomKey(EncryptionType type, SecureRandom random) {
        byte[] bytes = new byte[type.keyLength()];
        random.nextBytes(bytes);
        return keyOf(type, bytes);
    }

    /** The key over {@code bytes}, which are zeroed. */
    private static Krb5Key keyOf(EncryptionType type, byte[] bytes) {
        try {
            return new Krb5Key(type, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Reads the PBKDF2 iteration count from s2kparams: four octets, an unsigned big-endian number, where
     * 0 means 2^32 (RFC 3962 section 4).
     */
    static int iterations(byte[] s2kParams, int dflt) throws NegotiateException {
        if (s2kParams == null) {
            return dflt;
        }
        if (s2kParams.length != 4) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER, "s2kparams must be 4 octets, not " + s2kParams.length);
        }
        long count = ((s2kParams[0] & 0xffL) << 24)
                | ((s2kParams[1] & 0xff) << 16)
                | ((s2kParams[2] & 0xff) << 8)
                | (s2kParams[3] & 0xff);
        if (count == 0) {
            count = 1L << 32;
        }
        if (count > MAX_ITERATIONS) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER,
                    "string-to-key iteration count " + count + " exceeds the limit of " + MAX_ITERATIONS);
        }
        return (int) count;
    }

    /** PBKDF2 (RFC 8018) through the JCA; the JCA encodes the password as UTF-8, as RFC 3962 requires. */
    static byte[] pbkdf2(String algorithm, char[] password, byte[] salt, int iterations, int keyLength)
            throws NegotiateException {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "iteration count out of range: " + iterations);
        }
        if (salt.length == 0) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "an empty string-to-key salt is not supported");
        }
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyLength * 8);
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            SecretKey key = factory.generateSecret(spec);
            byte[] out = key.getEncoded();
            destroyQuietly(key);
            return out;
        } catch (InvalidKeySpecException e) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "PBKDF2 refused its input: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        } finally {
            spec.clearPassword();
        }
    }

    private static void destroyQuietly(SecretKey key) {
        try {
            key.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // PBKDF2KeyImpl can be destroyed; other providers' keys are left to the GC
        }
    }

    /** Wraps derived bytes in a Krb5Key and zeroes both the intermediate and the derived array. */
    private static Krb5Key adopt(EncryptionType type, byte[] key, byte[] intermediate) {
        try {
            return new Krb5Key(type, key);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(intermediate, (byte) 0);
        }
    }
}
