package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** AES-CTS against RFC 3962 appendix B ("chicken teriyaki" key, zero IV). */
class AesCtsTest {
    private static final RawKey KEY = new RawKey("AES", Hex.decode("63 68 69 63 6b 65 6e 20 74 65 72 69 79 61 6b 69"));
    private static final String PLAIN = "49 20 77 6f 75 6c 64 20 6c 69 6b 65 20 74 68 65"
            + "20 47 65 6e 65 72 61 6c 20 47 61 75 27 73 20 43"
            + "68 69 63 6b 65 6e 2c 20 70 6c 65 61 73 65 2c 20"
            + "61 6e 64 20 77 6f 6e 74 6f 6e 20 73 6f 75 70 2e";

    // RFC 3962 appendix B: the six CTS vectors (input is a prefix of "I would like the General Gau's Chicken...").
    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "17, c6353568f2bf8cb4d8a580362da7ff7f 97",
        "31, fc00783e0efdb2c1d445d4c8eff7ed22 97687268d6ecccc0c07b25e25ecfe5",
        "32, 39312523a78662d5be7fcbcc98ebf5a8 97687268d6ecccc0c07b25e25ecfe584",
        "47, 97687268d6ecccc0c07b25e25ecfe584 b3fffd940c16a18c1b5549d2f838029e 39312523a78662d5be7fcbcc98ebf5",
        "48, 97687268d6ecccc0c07b25e25ecfe584 9dad8bbb96c4cdc03bc103e1a194bbd8 39312523a78662d5be7fcbcc98ebf5a8",
        "64, 97687268d6ecccc0c07b25e25ecfe584 39312523a78662d5be7fcbcc98ebf5a8"
                + " 4807efe836ee89a526730dbc2f7bc840 9dad8bbb96c4cdc03bc103e1a194bbd8",
    })
    void encrypt_rfc3962AppendixB_matchesVector(int length, String expected) throws Exception {
        byte[] plain = Arrays.copyOf(Hex.decode(PLAIN), length);
        byte[] out = new byte[length];
        AesCts.encrypt(Jca.aesCbc(Cipher.ENCRYPT_MODE, KEY), null, plain, 0, length, out, 0);
        assertEquals(Hex.encode(Hex.decode(expected)), Hex.encode(out));

        byte[] back = new byte[length];
        AesCts.decrypt(Jca.aesCbc(Cipher.DECRYPT_MODE, KEY), out, 0, length, null, back, 0);
        assertArrayEquals(plain, back);
    }

    @Test
    void encrypt_oneBlock_isAesEcb() throws Exception {
        byte[] block = Arrays.copyOf(Hex.decode(PLAIN), 16);
        byte[] out = new byte[16];
        AesCts.encrypt(Jca.aesCbc(Cipher.ENCRYPT_MODE, KEY), null, block, 0, 16, out, 0);
        assertArrayEquals(Jca.aesEcb(Cipher.ENCRYPT_MODE, KEY).doFinal(block), out);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 31, 32, 33, 100, 4096, 65537})
    void encryptWithHead_thenDecrypt_restoresHeadAndBody(int bodyLength) {
        Random random = new Random(bodyLength);
        byte[] head = new byte[16];
        byte[] body = new byte[bodyLength + 7];
        random.nextBytes(head);
        random.nextBytes(body);
        Cipher enc = Jca.aesCbc(Cipher.ENCRYPT_MODE, KEY);
        Cipher dec = Jca.aesCbc(Cipher.DECRYPT_MODE, KEY);
        for (int round = 0; round < 2; round++) { // the same engines serve the next message
            byte[] out = new byte[16 + bodyLength];
            AesCts.encrypt(enc, head, body, 3, bodyLength, out, 0);

            byte[] joined = new byte[16 + bodyLength];
            System.arraycopy(head, 0, joined, 0, 16);
            System.arraycopy(body, 3, joined, 16, bodyLength);
            byte[] reference = new byte[joined.length];
            AesCts.encrypt(Jca.aesCbc(Cipher.ENCRYPT_MODE, KEY), null, joined, 0, joined.length, reference, 0);
            assertArrayEquals(reference, out);

            byte[] headBack = new byte[16];
            byte[] bodyBack = new byte[bodyLength];
            AesCts.decrypt(dec, out, 0, out.length, headBack, bodyBack, 0);
            assertArrayEquals(head, headBack);
            assertArrayEquals(Arrays.copyOfRange(body, 3, 3 + bodyLength), bodyBack);
        }
    }
}
