package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** JCA engines of destroyed keys are re-keyed for the next key of the same thread, never used with the old key. */
class JcaSparesTest {
    private static RawKey key(String algorithm, int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return new RawKey(algorithm, b);
    }

    @Test
    void recycledCbcEngine_servesTheNextKey_keyedWithIt() throws Exception {
        Cipher first = Jca.aesCbc(Cipher.ENCRYPT_MODE, key("AES", 1));
        Jca.recycleAesCbc(first);
        Cipher again = Jca.aesCbc(Cipher.ENCRYPT_MODE, key("AES", 2));
        assertSame(first, again);
        Cipher fresh = Jca.cipher("AES/CBC/NoPadding");
        fresh.init(Cipher.ENCRYPT_MODE, key("AES", 2), new javax.crypto.spec.IvParameterSpec(Jca.ZERO_IV));
        byte[] block = new byte[16];
        assertArrayEquals(fresh.doFinal(block), again.doFinal(block));
        assertNotSame(again, Jca.aesCbc(Cipher.ENCRYPT_MODE, key("AES", 3))); // the spare was taken once
    }

    @Test
    void recycledMac_servesTheNextKeyOfItsAlgorithmOnly() throws Exception {
        Mac first = Jca.mac("HmacSHA1", key("HmacSHA1", 1));
        Jca.recycleMac(first);
        assertNotSame(first, Jca.mac("HmacSHA256", key("HmacSHA256", 1)));
        Mac again = Jca.mac("HmacSHA1", key("HmacSHA1", 2));
        assertSame(first, again);
        Mac fresh = Jca.mac("HmacSHA1");
        fresh.init(key("HmacSHA1", 2));
        assertArrayEquals(fresh.doFinal(new byte[5]), again.doFinal(new byte[5]));
    }

    @Test
    void destroyedCipher_itsEnginesDecryptNothingOfTheOldKey() throws Exception {
        Krb5Key k1 = new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, filled(7));
        Krb5Key k2 = new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, filled(8));
        Krb5Cipher a = Krb5Ciphers.of(k1);
        byte[] sealed = a.encrypt(11, new byte[40], 0, 40);
        assertArrayEquals(new byte[40], a.decrypt(11, sealed, 0, sealed.length));
        a.destroy(); // its engines become this thread's spares
        Krb5Cipher b = Krb5Ciphers.of(k2);
        NegotiateException e = assertThrows(NegotiateException.class, () -> b.decrypt(11, sealed, 0, sealed.length));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
        byte[] own = b.encrypt(11, new byte[40], 0, 40);
        assertArrayEquals(new byte[40], b.decrypt(11, own, 0, own.length));
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
