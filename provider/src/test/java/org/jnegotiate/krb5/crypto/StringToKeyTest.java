package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StringToKeyTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

    private static final String X64 = "X".repeat(64);
    private static final String X65 = "X".repeat(65);
    private static final String G_CLEF = new String(Character.toChars(0x1D11E));

    /**
     * RFC 3962 appendix B, "Sample values for the PBKDF2 HMAC-SHA1 string-to-key function": iterations,
     * pass phrase, salt, 256-bit PBKDF2 output (the 128-bit output is its first half), 128-bit and 256-bit
     * AES keys.
     */
    static Stream<Arguments> rfc3962AppendixB() {
        byte[] athena = "ATHENA.MIT.EDUraeburn".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of(
                        1,
                        "password",
                        athena,
                        "cdedb5281bb2f801565a1122b2563515 0ad1f7a04bb9f3a333ecc0e2e1f70837",
                        "42263c6e89f4fc28b8df68ee09799f15",
                        "fe697b52bc0d3ce14432ba036a92e65b bb52280990a2fa27883998d72af30161"),
                Arguments.of(
                        2,
                        "password",
                        athena,
                        "01dbee7f4a9e243e988b62c73cda935d a05378b93244ec8f48a99e61ad799d86",
                        "c651bf29e2300ac27fa469d693bdda13",
                        "a2e16d16b36069c135d5e9d2e25f8961 02685618b95914b467c67622225824ff"),
                Arguments.of(
                        1200,
                        "password",
                        athena,
                        "5c08eb61fdf71e4e4ec3cf6ba1f5512b a7e52ddbc5e5142f708a31e2e62b1e13",
                        "4c01cd46d632d01e6dbe230a01ed642a",
                        "55a6ac740ad17b4846941051e1e8b0a7 548d93b0ab30a8bc3ff16280382b8c2a"),
                Arguments.of(
                        5,
                        "password",
                        Hex.decode("1234567878563412"),
                        "d1daa78615f287e6a1c8b120d7062a49 3f98d203e6be49a6adf4fa574b6e64ee",
                        "e9b23d52273747dd5c35cb55be619d8e",
                        "97a4e786be20d81a382d5ebc96d5909c abcdadc87ca48f574504159f16c36e31"),
                Arguments.of(
                        1200,
                        X64,
                        "pass phrase equals block size".getBytes(StandardCharsets.UTF_8),
                        "139c30c0966bc32ba55fdbf212530ac9 c5ec59f1a452f5cc9ad940fea0598ed1",
                        "59d1bb789a828b1aa54ef9c2883f69ed",
                        "89adee3608db8bc71f1bfbfe459486b0 5618b70cbae22092534e56c553ba4b34"),
                Arguments.of(
                        1200,
                        X65,
                        "pass phrase exceeds block size".getBytes(StandardCharsets.UTF_8),
                        "9ccad6d468770cd51b10e6a68721be61 1a8b4d282601db3b36be9246915ec82a",
                        "cb8005dc5f90179a7f02104c0018751d",
                        "d78c5c9cb872a8c9dad4697f0bb5b2d2 1496c82beb2caeda2112fceea057401b"),
                Arguments.of(
                        50,
                        G_CLEF,
                        "EXAMPLE.COMpianist".getBytes(StandardCharsets.UTF_8),
                        "6b9cf26d45455a43a5b8bb276a403b39 e7fe37a0c41e02c281ff3069e1e94f52",
                        "f149c1f2e154a73452d43e7fe62a56e5",
                        "4b6d9839f84406df1f09cc166db4b83c 571848b784a3d6bdc346589a3e393f9e"));
    }

    @ParameterizedTest(name = "iterations {0}, salt {2}")
    @MethodSource("rfc3962AppendixB")
    void derive_rfc3962AppendixB_matchesPbkdf2AndKeys(
            int iterations, String password, byte[] salt, String pbkdf2, String aes128, String aes256)
            throws Exception {
        byte[] params = {
            (byte) (iterations >>> 24), (byte) (iterations >>> 16), (byte) (iterations >>> 8), (byte) iterations
        };
        byte[] fullPbkdf2 = Hex.decode(pbkdf2);
        assertArrayEquals(
                Arrays.copyOf(fullPbkdf2, 16),
                StringToKey.pbkdf2("PBKDF2WithHmacSHA1", password.toCharArray(), salt, iterations, 16));
        assertArrayEquals(
                fullPbkdf2, StringToKey.pbkdf2("PBKDF2WithHmacSHA1", password.toCharArray(), salt, iterations, 32));

        Krb5Key k128 = StringToKey.derive(EncryptionType.AES128_CTS_HMAC_SHA1_96, password.toCharArray(), salt, params);
        Krb5Key k256 = StringToKey.derive(EncryptionType.AES256_CTS_HMAC_SHA1_96, password.toCharArray(), salt, params);
        assertEquals(aes128, Hex.encode(k128.bytes()));
        assertEquals(Hex.encode(Hex.decode(aes256)), Hex.encode(k256.bytes()));
        assertEquals(EncryptionType.AES256_CTS_HMAC_SHA1_96, k256.type());
    }

    @Test
    void derive_withoutParams_uses4096Iterations() throws Exception {
        byte[] salt = "EXAMPLE.COMalice".getBytes(StandardCharsets.UTF_8);
        Krb5Key dflt = StringToKey.derive(EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), salt, null);
        Krb5Key explicit = StringToKey.derive(
                EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), salt, new byte[] {0, 0, 0x10, 0});
        assertArrayEquals(explicit.bytes(), dflt.bytes());
    }

    @Test
    void derive_iterationsAboveLimit_invalidParameter() {
        byte[] tooMany = {0, (byte) 0x98, (byte) 0x96, (byte) 0x81}; // 10,000,001
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> StringToKey.derive(
                        EncryptionType.AES256_CTS_HMAC_SHA1_96, "pw".toCharArray(), new byte[] {1}, tooMany));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
    }

    @Test
    void derive_zeroIterationsMeaning2To32_invalidParameter() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> StringToKey.derive(
                        EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), new byte[] {1}, new byte[4]));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
    }

    @Test
    void derive_highBitIterations_invalidParameter() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> StringToKey.derive(
                        EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), new byte[] {1}, new byte[] {
                            (byte) 0x80, 0, 0, 1
                        }));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
    }

    @Test
    void derive_paramsNotFourOctets_invalidParameter() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> StringToKey.derive(
                        EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), new byte[] {1}, new byte[] {0, 1}));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
    }

    @Test
    void derive_emptySalt_invalidParameter() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> StringToKey.derive(
                        EncryptionType.AES128_CTS_HMAC_SHA1_96, "pw".toCharArray(), new byte[0], null));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
    }

    @ParameterizedTest
    @EnumSource(EncryptionType.class)
    void randomKey_hasTypeAndLength_andDiffers(EncryptionType type) {
        Krb5Key a = StringToKey.randomKey(type, RANDOM);
        Krb5Key b = StringToKey.randomKey(type, RANDOM);
        assertEquals(type, a.type());
        assertEquals(type.keyLength(), a.bytes().length);
        assertNotEquals(Hex.encode(a.bytes()), Hex.encode(b.bytes()));
        assertFalse(Arrays.equals(new byte[type.keyLength()], a.bytes()));
    }
}
