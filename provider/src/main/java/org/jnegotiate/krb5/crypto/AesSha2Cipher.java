package org.jnegotiate.krb5.crypto;

import org.jnegotiate.mech.NegotiateException;

/**
 * aes128-cts-hmac-sha256-128 and aes256-cts-hmac-sha384-192 (RFC 8009): keys from KDF-HMAC-SHA2,
 * ciphertext = C | HMAC(Ki, IV | C)[0..h) with C = AES-CTS(Ke, confounder | plain) and IV the zero
 * initial cipher state. Encrypt-then-MAC, so a forged message is rejected before it is decrypted.
 */
final class AesSha2Cipher extends AesCtsHmacCipher {

    AesSha2Cipher(Krb5Key key) {
        super(key, hmacOf(key.type()));
    }

    static String hmacOf(EncryptionType type) {
        return type == EncryptionType.AES128_CTS_HMAC_SHA256_128 ? "HmacSHA256" : "HmacSHA384";
    }

    /** RFC 8009 section 5: Ke has the key length, Kc and Ki the (truncated) MAC length. */
    @Override
    byte[] deriveKey(byte[] baseKey, int usage, byte kind) {
        int bits = 8 * (kind == KeyDerivation.ENCRYPTION ? type().keyLength() : type().checksumLength());
        return KeyDerivation.kdfHmacSha2(
                hmacOf(type()), baseKey, KeyDerivation.usageConstant(usage, kind), new byte[0], bits);
    }

    @Override
    byte[] seal(Engine engine, byte[] confounder, byte[] plain, int offset, int length) {
        int cipherLength = CONFOUNDER + length;
        byte[] out = new byte[cipherLength + tagLength()];
        AesCts.encrypt(engine.cbcEncrypt(), confounder, plain, offset, length, out, 0);
        engine.mac.update(Jca.ZERO_IV);
        engine.mac.update(out, 0, cipherLength);
        finishMac(engine);
        System.arraycopy(engine.macOut, 0, out, cipherLength, tagLength());
        return out;
    }

    @Override
    byte[] open(Engine engine, byte[] in, int offset, int length) throws NegotiateException {
        int cipherLength = length - tagLength();
        engine.mac.update(Jca.ZERO_IV);
        engine.mac.update(in, offset, cipherLength);
        finishMac(engine);
        if (!tagMatches(engine, in, offset + cipherLength)) {
            throw altered();
        }
        byte[] plain = new byte[cipherLength - CONFOUNDER];
        AesCts.decrypt(engine.cbcDecrypt(), in, offset, cipherLength, engine.confounder, plain, 0);
        return plain;
    }
}
