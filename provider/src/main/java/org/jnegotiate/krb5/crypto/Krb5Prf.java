package org.jnegotiate.krb5.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The enctype pseudo-random function (RFC 3961 section 3), as used by GSS_Pseudo_random (RFC 4402) and
 * FAST. Not on the per-message path, so nothing is cached.
 */
public final class Krb5Prf {
    private Krb5Prf() {}

    /**
     * PRF(key, input):
     * <ul>
     * <li>RFC 3962 section 5 (aes-sha1): AES-ECB(DK(key, "prf"), first 16 octets of SHA-1(input)), 16 octets;</li>
     * <li>RFC 8009 section 5: KDF-HMAC-SHA2(key, "prf", input, 256 or 384 bits), 32 or 48 octets.</li>
     * </ul>
     * rc4-hmac has no PRF in RFC 4757 and is refused with UNSUPPORTED_FUNCTION.
     */
    public static byte[] prf(Krb5Key key, byte[] input) throws NegotiateException {
        EncryptionType type = key.type();
        byte[] base = key.bytes();
        try {
            switch (type) {
                case AES128_CTS_HMAC_SHA1_96:
                case AES256_CTS_HMAC_SHA1_96:
                    return rfc3962Prf(base, input);
                case AES128_CTS_HMAC_SHA256_128:
                    return KeyDerivation.kdfHmacSha2("HmacSHA256", base, KeyDerivation.PRF, input, 256);
                case AES256_CTS_HMAC_SHA384_192:
                    return KeyDerivation.kdfHmacSha2("HmacSHA384", base, KeyDerivation.PRF, input, 384);
                default:
                    throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, type.krb5Name() + " has no PRF");
            }
        } finally {
            Arrays.fill(base, (byte) 0);
        }
    }

    private static byte[] rfc3962Prf(byte[] base, byte[] input) {
        byte[] hash = Jca.digest("SHA-1").digest(input);
        RawKey prfKey = new RawKey("AES", KeyDerivation.dk(base, KeyDerivation.PRF));
        try {
            return Jca.aesEcb(Cipher.ENCRYPT_MODE, prfKey).doFinal(hash, 0, AesCts.BLOCK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        } finally {
            prfKey.destroy();
        }
    }
}
