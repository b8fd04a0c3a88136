package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** JCA engines of destroyed keys are re-keyed for the next key of the same thread, never used with the old key. */
class JcaSparesTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

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
        Krb5Cipher a = Krb5Ciphers.of(k1, RANDOM);
        byte[] sealed = a.encrypt(11, new byte[40], 0, 40);
        assertArrayEquals(new byte[40], a.decrypt(11, sealed, 0, sealed.length));
        a.destroy(); // its engines become this thread's spares
        Krb5Cipher b = Krb5Ciphers.of(k2, RANDOM);
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

    /** What an engine computes under the throwaway key (16 zero bytes). */
    private static byte[] underThrowaway(String transformation, byte[] input) throws Exception {
        if (transformation.startsWith("Hmac")) {
            Mac m = Jca.mac(transformation);
            m.init(new javax.crypto.spec.SecretKeySpec(new byte[16], transformation));
            return m.doFinal(input);
        }
        Cipher c = Jca.cipher(transformation);
        if (transformation.contains("CBC")) {
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"),
                    new javax.crypto.spec.IvParameterSpec(Jca.ZERO_IV));
        } else {
            c.init(Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"));
        }
        return c.doFinal(input);
    }

    @Test
    void recycledCbcEngine_holdsTheThrowawayKey_notTheDestroyedOne() throws Exception {
        Cipher spare = Jca.aesCbc(Cipher.ENCRYPT_MODE, key("AES", 5));
        byte[] block = new byte[16];
        byte[] underOldKey = spare.doFinal(block);
        Jca.recycleAesCbc(spare);
        byte[] now = spare.doFinal(block);
        assertArrayEquals(underThrowaway("AES/CBC/NoPadding", block), now);
        assertFalse(Arrays.equals(underOldKey, now));
    }

    @Test
    void recycledMac_holdsTheThrowawayKey_notTheDestroyedOne() throws Exception {
        Mac spare = Jca.mac("HmacSHA256", key("HmacSHA256", 5));
        byte[] data = {1, 2, 3};
        byte[] underOldKey = spare.doFinal(data);
        Jca.recycleMac(spare);
        byte[] now = spare.doFinal(data);
        assertArrayEquals(underThrowaway("HmacSHA256", data), now);
        assertFalse(Arrays.equals(underOldKey, now));
    }
}
