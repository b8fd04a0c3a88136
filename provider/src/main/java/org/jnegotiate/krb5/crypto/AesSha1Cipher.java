package org.jnegotiate.krb5.crypto;

import java.util.Arrays;
import org.jnegotiate.mech.NegotiateException;

/**
 * aes128-cts-hmac-sha1-96 and aes256-cts-hmac-sha1-96 (RFC 3962, on the simplified profile of RFC 3961
 * section 5.3): keys from DK, ciphertext = AES-CTS(Ke, confounder | plain) | HMAC-SHA1(Ki, confounder |
 * plain)[0..12). The MAC covers the plaintext, so decryption comes before verification.
 */
final class AesSha1Cipher extends AesCtsHmacCipher {

    AesSha1Cipher(Krb5Key key) {
        super(key, "HmacSHA1");
    }

    @Override
    byte[] deriveKey(byte[] baseKey, int usage, byte kind) {
        return KeyDerivation.dk(baseKey, KeyDerivation.usageConstant(usage, kind));
    }

    @Override
    byte[] seal(Engine engine, byte[] confounder, byte[] plain, int offset, int length) {
        byte[] out = new byte[CONFOUNDER + length + tagLength()];
        engine.mac.update(confounder);
        engine.mac.update(plain, offset, length);
        finishMac(engine);
        AesCts.encrypt(engine.cbcEncrypt(), confounder, plain, offset, length, out, 0);
        System.arraycopy(engine.macOut, 0, out, CONFOUNDER + length, tagLength());
        return out;
    }

    @Override
    byte[] open(Engine engine, byte[] in, int offset, int length) throws NegotiateException {
        int cipherLength = length - tagLength();
        byte[] plain = new byte[cipherLength - CONFOUNDER];
        AesCts.decrypt(engine.cbcDecrypt(), in, offset, cipherLength, engine.confounder, plain, 0);
        engine.mac.update(engine.confounder);
        engine.mac.update(plain);
        finishMac(engine);
        if (!tagMatches(engine, in, offset + cipherLength)) {
            Arrays.fill(plain, (byte) 0);
            throw altered();
        }
        return plain;
    }
}
