package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8009 appendix A, "Test Vectors". */
class AesSha2CipherTest {
    private static final EncryptionType AES128 = EncryptionType.AES128_CTS_HMAC_SHA256_128;
    private static final EncryptionType AES256 = EncryptionType.AES256_CTS_HMAC_SHA384_192;
    // Appendix A, "Sample results for key derivation": the two base keys.
    private static final String BASE128 = "37 05 D9 60 80 C1 77 28 A0 E8 00 EA B6 E0 D2 3C";
    private static final String BASE256 =
            "6D 40 4D 37 FA F7 9F 9D F0 D3 35 68 D3 20 66 98" + "00 EB 48 36 47 2E A8 A0 26 D1 6B 71 82 46 0C 52";
    private static final String PLAIN_21 = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14";

    private static AesSha2Cipher cipher(EncryptionType type, String base) {
        return new AesSha2Cipher(new Krb5Key(type, Hex.decode(base)));
    }

    /** Appendix A, "Sample results for string-to-key conversion" (iteration count 32768, the default). */
    @Test
    void derive_rfc8009AppendixA_matchesBaseKeys() throws Exception {
        byte[] salt = Hex.decode("10 DF 9D D7 83 E5 BC 8A CE A1 73 0E 74 35 5F 61");
        byte[] athena = "ATHENA.MIT.EDUraeburn".getBytes(StandardCharsets.US_ASCII);
        byte[] fullSalt = new byte[salt.length + athena.length];
        System.arraycopy(salt, 0, fullSalt, 0, salt.length);
        System.arraycopy(athena, 0, fullSalt, salt.length, athena.length);

        assertEquals(
                "616573313238 2d6374732d686d61632d736861323536 2d313238 00 10df9dd783e5bc8acea1730e74355f61"
                                .replace(" ", "")
                        + Hex.encode(athena),
                Hex.encode(StringToKey.rfc8009Salt(AES128, fullSalt)));
        assertEquals(
                "089bca48b105ea6ea77ca5d2f39dc5e7",
                Hex.encode(StringToKey.derive(AES128, "password".toCharArray(), fullSalt, null)
                        .bytes()));
        assertEquals(
                "45bd806dbf6a833a9cffc1c94589a222367a79bc21c413718906e9f578a78467",
                Hex.encode(StringToKey.derive(
                                AES256, "password".toCharArray(), fullSalt, new byte[] {0, 0, (byte) 0x80, 0})
                        .bytes()));
    }

    /** Appendix A, "Sample results for key derivation", key usage 2. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "aes128, B31A018A48F54776F403E9A396325DC3, 9B197DD1E8C5609D6E67C3E37C62C72E, 9FDA0E56AB2D85E1569A688696C26A6C",
        "aes256, EF5718BE86CC84963D8BBB5031E9F5C4BA41F28FAF69E73D,"
                + " 56AB22BEE63D82D7BC5227F6773F8EA7A5EB1C825160C38312980C442E5C7E49,"
                + " 69B16514E3CD8E56B82010D5C73012B622C4D00FFC23ED1F",
    })
    void deriveKey_usage2_matchesKcKeKi(String which, String kc, String ke, String ki) {
        AesSha2Cipher c = which.equals("aes128") ? cipher(AES128, BASE128) : cipher(AES256, BASE256);
        byte[] base = Hex.decode(which.equals("aes128") ? BASE128 : BASE256);
        assertEquals(kc.toLowerCase(), Hex.encode(c.deriveKey(base, 2, KeyDerivation.CHECKSUM)));
        assertEquals(ke.toLowerCase(), Hex.encode(c.deriveKey(base, 2, KeyDerivation.ENCRYPTION)));
        assertEquals(ki.toLowerCase(), Hex.encode(c.deriveKey(base, 2, KeyDerivation.INTEGRITY)));
    }

    /** Appendix A, "Sample encryptions (all using the default cipher state)", key usage 2. */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "aes128, '', 7E5895EAF2672435BAD817F545A37148,"
                + " EF85FB890BB8472F4DAB20394DCA781DAD877EDA39D50C870C0D5A0A8E48C718",
        "aes128, 000102030405, 7BCA285E2FD4130FB55B1A5C83BC5B24,"
                + " 84D7F30754ED987BAB0BF3506BEB09CFB55402CEF7E6877CE99E247E52D16ED4421DFDF8976C",
        "aes128, 000102030405060708090A0B0C0D0E0F, 56AB21713FF62C0A1457200F6FA9948F,"
                + " 3517D640F50DDC8AD3628722B3569D2AE07493FA8263254080EA65C1008E8FC295FB4852E7D83E1E7C48C37EEBE6B0D3",
        "aes128, " + "000102030405060708090A0B0C0D0E0F1011121314" + ", A7A4E29A4728CE10664FB64E49AD3FAC,"
                + " 720F73B18D9859CD6CCB4346115CD336C70F58EDC0C4437C5573544C31C813BCE1E6D072C1"
                + "86B39A413C2F92CA9B8334A287FFCBFC",
        "aes256, '', F764E9FA15C276478B2C7D0C4E5F58E4,"
                + " 41F53FA5BFE7026D91FAF9BE959195A058707273A96A40F0A01960621AC612748B9BBFBE7EB4CE3C",
        "aes256, 000102030405, B80D3251C1F6471494256FFE712D0B9A,"
                + " 4ED7B37C2BCAC8F74F23C1CF07E62BC7B75FB3F637B9F559C7F664F69EAB7B6092237526EA0D1F61CB20D69D10F2",
        "aes256, 000102030405060708090A0B0C0D0E0F, 53BF8A0D105265D4E276428624CE5E63,"
                + " BC47FFEC7998EB91E8115CF8D19DAC4BBBE2E163E87DD37F49BECA92027764F6"
                + "8CF51F14D798C2273F35DF574D1F932E40C4FF255B36A266",
        "aes256, 000102030405060708090A0B0C0D0E0F1011121314, 763E65367E864F02F55153C7E3B58AF1,"
                + " 40013E2DF58E8751957D2878BCD2D6FE101CCFD556CB1EAE79DB3C3EE86429F2B2A602AC86"
                + "FEF6ECB647D6295FAE077A1FEB517508D2C16B4192E01F62",
    })
    void encrypt_withConfounder_matchesVector(String which, String plainHex, String confounder, String expected)
            throws Exception {
        AesSha2Cipher c = which.equals("aes128") ? cipher(AES128, BASE128) : cipher(AES256, BASE256);
        byte[] plain = Hex.decode(plainHex == null ? "" : plainHex);
        byte[] ct = c.encrypt(2, plain, 0, plain.length, Hex.decode(confounder));
        assertEquals(expected.toLowerCase(), Hex.encode(ct));
        assertArrayEquals(plain, c.decrypt(2, ct, 0, ct.length));
    }

    /** Appendix A, "Sample checksums" (key usage 2, the 21-byte plaintext). */
    @Test
    void checksum_rfc8009AppendixA_matches() throws Exception {
        byte[] plain = Hex.decode(PLAIN_21);
        assertEquals(
                "d78367186643d67b411cba9139fc1dee",
                Hex.encode(cipher(AES128, BASE128).checksum(2, plain, 0, plain.length)));
        assertEquals(
                "45ee791567eefca37f4ac1e0222de80d43c3bfa06699672a",
                Hex.encode(cipher(AES256, BASE256).checksum(2, plain, 0, plain.length)));
        cipher(AES128, BASE128)
                .verifyChecksum(
                        2, plain, 0, plain.length, Hex.decode("D7 83 67 18 66 43 D6 7B 41 1C BA 91 39 FC 1D EE"));
    }

    /** Appendix A, "Sample pseudorandom function (PRF) invocations" (input "test"). */
    @Test
    void prf_rfc8009AppendixA_matches() throws Exception {
        byte[] test = "test".getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "9d188616f63852fe86915bb840b4a886ff3e6bb0f819b49b893393d393854295",
                Hex.encode(Krb5Prf.prf(new Krb5Key(AES128, Hex.decode(BASE128)), test)));
        assertEquals(
                "9801f69a368c2bf675e59521e177d9a07f67efe1cfde8d3c8d6f6a0256e3b17d" + "b3c1b62ad1b8553360d17367eb1514d2",
                Hex.encode(Krb5Prf.prf(new Krb5Key(AES256, Hex.decode(BASE256)), test)));
    }
}
