package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** rc4-hmac (RFC 4757). The RFC publishes no vectors; interop with Kerby is in KerbyInteropTest. */
class Rc4HmacCipherTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

    /** RFC 4757 section 2: the key is the NT hash; MD4(UTF-16LE("password")) is a well-known value. */
    @Test
    void derive_password_isNtHash() throws Exception {
        Krb5Key key = StringToKey.derive(EncryptionType.RC4_HMAC, "password".toCharArray(), new byte[] {1}, null);
        assertEquals("8846f7eaee8fb117ad06bdd830b7586c", Hex.encode(key.bytes()));
    }

    @Test
    void translateUsage_rfc4757Section3_asImplementedByMitAndWindows() {
        assertEquals(8, Rc4HmacCipher.translateUsage(3));
        assertEquals(9, Rc4HmacCipher.translateUsage(9));
        assertEquals(13, Rc4HmacCipher.translateUsage(23));
        assertEquals(11, Rc4HmacCipher.translateUsage(11));
        assertEquals(24, Rc4HmacCipher.translateUsage(24));
    }

    /** Usage 3 and usage 8 share T = 8, so they must encrypt identically. */
    @Test
    void encrypt_usage3_equalsUsage8() throws Exception {
        Rc4HmacCipher c = new Rc4HmacCipher(StringToKey.randomKey(EncryptionType.RC4_HMAC, RANDOM));
        byte[] plain = "as-rep".getBytes(StandardCharsets.US_ASCII);
        byte[] confounder = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(
                c.encrypt(8, plain, 0, plain.length, confounder), c.encrypt(3, plain, 0, plain.length, confounder));
    }

    /** The construction of RFC 4757 section 4, recomputed step by step with plain JCA calls. */
    @Test
    void encrypt_followsRfc4757Construction() throws Exception {
        byte[] k = Hex.decode("8846f7eaee8fb117ad06bdd830b7586c");
        byte[] plain = "hello rc4".getBytes(StandardCharsets.US_ASCII);
        byte[] confounder = Hex.decode("0102030405060708");
        byte[] k1 = Jca.hmac("HmacMD5", k, new byte[] {2, 0, 0, 0});
        byte[] data = new byte[8 + plain.length];
        System.arraycopy(confounder, 0, data, 0, 8);
        System.arraycopy(plain, 0, data, 8, plain.length);
        byte[] checksum = Jca.hmac("HmacMD5", k1, data);
        byte[] k3 = Jca.hmac("HmacMD5", k1, checksum);
        Cipher rc4 = Cipher.getInstance("ARCFOUR");
        rc4.init(Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(k3, "ARCFOUR"));
        byte[] expected = new byte[16 + data.length];
        System.arraycopy(checksum, 0, expected, 0, 16);
        System.arraycopy(rc4.doFinal(data), 0, expected, 16, data.length);

        Rc4HmacCipher c = new Rc4HmacCipher(new Krb5Key(EncryptionType.RC4_HMAC, k));
        assertArrayEquals(expected, c.encrypt(2, plain, 0, plain.length, confounder));
    }
}
