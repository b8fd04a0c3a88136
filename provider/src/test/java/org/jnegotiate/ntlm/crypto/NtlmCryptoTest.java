package org.jnegotiate.ntlm.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jnegotiate.ntlm.crypto.NtlmCrypto.Mode;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.junit.jupiter.api.Test;

/**
 * The worked example of MS-NLMP section 4.2.4 (NTLMv2 authentication), with the common values of
 * section 4.2.1: User "User", UserDom "Domain", Passwd "Password", RandomSessionKey 0x55 * 16,
 * Time 0, ClientChallenge 0xaa * 8, ServerChallenge 0x0123456789abcdef.
 */
class NtlmCryptoTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] RANDOM_SESSION_KEY = HEX.parseHex("55555555555555555555555555555555");
    static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
    static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
    /** Section 4.2.4.2.2: temp, with the AV pairs NbDomainName "Domain" and NbComputerName "Server". */
    static final byte[] TEMP = HEX.parseHex("01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
            + "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000");
    /** Section 4.2.4.1: flags of the example (KEY_EXCH|56|128|VERSION|TARGET_INFO|ESS|...|SEAL|SIGN|OEM|UNICODE). */
    static final int FLAGS = 0xe28a8233;

    static byte[] ntHash() {
        return NtlmCrypto.ntowfV1("Password".toCharArray());
    }

    @Test
    void ntowfV1_password_matchesSection4_2_2_1_2() {
        assertEquals("a4f49c406510bdcab6824ee7c30fd852", HEX.formatHex(ntHash()));
    }

    @Test
    void ntowfV2_userDomain_matchesSection4_2_4_1_1() {
        assertEquals("0c868a403bfd7a93a3001ef22ef02e3f", HEX.formatHex(NtlmCrypto.ntowfV2(ntHash(), "User", "Domain")));
    }

    @Test
    void lmowfV2_userDomain_matchesSection4_2_4_1_1() {
        assertEquals("0c868a403bfd7a93a3001ef22ef02e3f", HEX.formatHex(NtlmCrypto.lmowfV2(ntHash(), "User", "Domain")));
    }

    @Test
    void ntowfV2_userIsUppercasedButDomainIsNot() {
        byte[] lower = NtlmCrypto.ntowfV2(ntHash(), "user", "Domain");
        assertArrayEquals(NtlmCrypto.ntowfV2(ntHash(), "User", "Domain"), lower);
        assertEquals(false, java.util.Arrays.equals(lower, NtlmCrypto.ntowfV2(ntHash(), "User", "DOMAIN")));
    }

    @Test
    void ntProofStr_matchesSection4_2_4_2_2() {
        byte[] key = NtlmCrypto.ntowfV2(ntHash(), "User", "Domain");
        byte[] proof = NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, TEMP);
        assertEquals("68cd0ab851e51c96aabc927bebef6a1c", HEX.formatHex(proof));
        byte[] response = NtlmCrypto.ntlmv2Response(proof, TEMP);
        assertEquals("68cd0ab851e51c96aabc927bebef6a1c" + HEX.formatHex(TEMP), HEX.formatHex(response));
    }

    @Test
    void lmv2Response_matchesSection4_2_4_2_1() {
        byte[] key = NtlmCrypto.lmowfV2(ntHash(), "User", "Domain");
        assertEquals(
                "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa",
                HEX.formatHex(NtlmCrypto.lmv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE)));
    }

    @Test
    void sessionBaseKey_andKxKey_matchSection4_2_4_1_2() {
        byte[] key = NtlmCrypto.ntowfV2(ntHash(), "User", "Domain");
        byte[] base = NtlmCrypto.sessionBaseKey(key, NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, TEMP));
        assertEquals("8de40ccadbc14a82f15cb0ad0de95ca3", HEX.formatHex(base));
        assertArrayEquals(base, NtlmCrypto.kxKey(base));
    }

    @Test
    void encryptedSessionKey_matchesSection4_2_4_2_3() {
        byte[] kxKey = HEX.parseHex("8de40ccadbc14a82f15cb0ad0de95ca3");
        assertEquals("c5dad2544fc9799094ce1ce90bc9d03e", HEX.formatHex(NtlmCrypto.rc4k(kxKey, RANDOM_SESSION_KEY)));
        assertArrayEquals(RANDOM_SESSION_KEY, NtlmCrypto.rc4k(kxKey, HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e")));
    }

    @Test
    void signAndSealKeys_matchSection4_2_4_1_3() {
        assertEquals(
                "4788dc861b4782f35d43fd98fe1a2d39", HEX.formatHex(NtlmCrypto.signKey(RANDOM_SESSION_KEY, Mode.CLIENT)));
        assertEquals(
                "d04d6f10741041d1d246d64188d7a8ad", HEX.formatHex(NtlmCrypto.signKey(RANDOM_SESSION_KEY, Mode.SERVER)));
        assertEquals(
                "59f600973cc4960a25480a7c196e4c58",
                HEX.formatHex(NtlmCrypto.sealKey(FLAGS, RANDOM_SESSION_KEY, Mode.CLIENT)));
        assertEquals(
                "9355f3a957c1583d25c4c2f11e40390e",
                HEX.formatHex(NtlmCrypto.sealKey(FLAGS, RANDOM_SESSION_KEY, Mode.SERVER)));
    }

    @Test
    void sealKey_56And40Bit_cutTheKeyBeforeHashing() {
        int ess = NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY;
        assertEquals(
                "a5f7253c1065e8d3d68642040e71cfe0",
                HEX.formatHex(NtlmCrypto.sealKey(ess | NegotiateFlags.NEGOTIATE_56, RANDOM_SESSION_KEY, Mode.CLIENT)));
        assertEquals(
                "42f964a471091a02ff4a77455366e4e5",
                HEX.formatHex(NtlmCrypto.sealKey(ess, RANDOM_SESSION_KEY, Mode.CLIENT)));
    }

    /** Section 4.2.4.4: GSS_WrapEx of "Plaintext" (Unicode) with sequence number 0. */
    @Test
    void sealThenMac_plaintext_matchesSection4_2_4_4() {
        byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
        Rc4 handle = Rc4.init(NtlmCrypto.sealKey(FLAGS, RANDOM_SESSION_KEY, Mode.CLIENT));
        byte[] sealed = handle.update(plaintext);
        byte[] signature = NtlmCrypto.mac(
                handle, NtlmCrypto.signKey(RANDOM_SESSION_KEY, Mode.CLIENT), 0, plaintext, 0, plaintext.length);
        assertEquals("54e50165bf1936dc996020c1811b0f06fb5f", HEX.formatHex(sealed));
        assertEquals("010000007fb38ec5c55d497600000000", HEX.formatHex(signature));
    }

    @Test
    void mac_withoutKeyExchange_leavesChecksumUnencrypted() {
        byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
        byte[] signature = NtlmCrypto.mac(
                null, NtlmCrypto.signKey(RANDOM_SESSION_KEY, Mode.CLIENT), 0, plaintext, 0, plaintext.length);
        // the same HMAC as above before RC4: pyspnego's no-key-exchange vector
        assertEquals("0100000070352851f256430900000000", HEX.formatHex(signature));
    }

    @Test
    void md4_rfc1320Vector() {
        assertEquals(
                "a448017aaf21d8525fc10ae87aa6729d",
                HEX.formatHex(NtlmCrypto.md4("abc".getBytes(StandardCharsets.US_ASCII))));
    }
}
