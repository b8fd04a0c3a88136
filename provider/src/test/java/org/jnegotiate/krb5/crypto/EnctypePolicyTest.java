package org.jnegotiate.krb5.crypto;

import static org.jnegotiate.krb5.crypto.EncryptionType.AES128_CTS_HMAC_SHA1_96;
import static org.jnegotiate.krb5.crypto.EncryptionType.AES128_CTS_HMAC_SHA256_128;
import static org.jnegotiate.krb5.crypto.EncryptionType.AES256_CTS_HMAC_SHA1_96;
import static org.jnegotiate.krb5.crypto.EncryptionType.AES256_CTS_HMAC_SHA384_192;
import static org.jnegotiate.krb5.crypto.EncryptionType.RC4_HMAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class EnctypePolicyTest {
    private static final EnctypePolicy STRICT = EnctypePolicy.of(NegotiateConfig.defaults());
    private static final EnctypePolicy WEAK =
            EnctypePolicy.of(NegotiateConfig.builder().allowWeakCrypto(true).build());

    @Test
    void permitted_default_strongestFirstWithoutRc4() {
        assertEquals(
                List.of(
                        AES256_CTS_HMAC_SHA384_192,
                        AES128_CTS_HMAC_SHA256_128,
                        AES256_CTS_HMAC_SHA1_96,
                        AES128_CTS_HMAC_SHA1_96),
                STRICT.permitted());
        assertFalse(STRICT.permits(RC4_HMAC));
    }

    @Test
    void permitted_weakAllowed_endsWithRc4() {
        assertEquals(
                List.of(
                        AES256_CTS_HMAC_SHA384_192,
                        AES128_CTS_HMAC_SHA256_128,
                        AES256_CTS_HMAC_SHA1_96,
                        AES128_CTS_HMAC_SHA1_96,
                        RC4_HMAC),
                WEAK.permitted());
        assertTrue(WEAK.permits(RC4_HMAC));
    }

    @Test
    void parse_namesAndAliases_inListOrderWithoutDuplicates() throws Exception {
        assertEquals(
                List.of(AES256_CTS_HMAC_SHA1_96, AES128_CTS_HMAC_SHA1_96, AES128_CTS_HMAC_SHA256_128),
                STRICT.parse("aes256-cts-hmac-sha1-96 aes128-cts, AES256-CTS aes128-sha2"));
        assertEquals(List.of(AES256_CTS_HMAC_SHA384_192), STRICT.parse("aes256-sha2"));
        assertEquals(List.of(AES128_CTS_HMAC_SHA1_96), STRICT.parse("17"));
    }

    @Test
    void parse_aesFamily_isMitOrder() throws Exception {
        assertEquals(
                List.of(
                        AES256_CTS_HMAC_SHA1_96,
                        AES128_CTS_HMAC_SHA1_96,
                        AES256_CTS_HMAC_SHA384_192,
                        AES128_CTS_HMAC_SHA256_128),
                STRICT.parse("aes"));
    }

    @Test
    void parse_defaultMinusOne_removesIt() throws Exception {
        assertEquals(
                List.of(AES256_CTS_HMAC_SHA384_192, AES256_CTS_HMAC_SHA1_96, AES128_CTS_HMAC_SHA1_96),
                STRICT.parse("DEFAULT -aes128-sha2"));
    }

    @Test
    void parse_rc4Names_onlyWhenWeakAllowed() throws Exception {
        assertEquals(List.of(AES256_CTS_HMAC_SHA1_96, RC4_HMAC), WEAK.parse("aes256-cts rc4-hmac arcfour-hmac"));
        assertEquals(List.of(RC4_HMAC), WEAK.parse("arcfour-hmac-md5"));
        assertEquals(List.of(AES256_CTS_HMAC_SHA1_96), STRICT.parse("aes256-cts rc4-hmac"));
    }

    @Test
    void parse_desAndCamellia_ignored() throws Exception {
        assertEquals(
                List.of(AES128_CTS_HMAC_SHA1_96),
                STRICT.parse("des-cbc-crc des-cbc-md5 des3-cbc-sha1 camellia256-cts-cmac arcfour-hmac-exp aes128-cts"));
    }

    @Test
    void parse_unknownName_invalidParameter() {
        NegotiateException e = assertThrows(NegotiateException.class, () -> STRICT.parse("aes256-cts blowfish"));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertTrue(e.getMessage().contains("'blowfish'"), e.getMessage());
    }

    @Test
    void parse_nothingUsable_invalidParameter() {
        NegotiateException onlyDes = assertThrows(NegotiateException.class, () -> STRICT.parse("des-cbc-crc"));
        assertEquals(Failure.INVALID_PARAMETER, onlyDes.failure());
        NegotiateException onlyRc4 = assertThrows(NegotiateException.class, () -> STRICT.parse("rc4-hmac"));
        assertEquals(Failure.INVALID_PARAMETER, onlyRc4.failure());
        NegotiateException empty = assertThrows(NegotiateException.class, () -> STRICT.parse("  "));
        assertEquals(Failure.INVALID_PARAMETER, empty.failure());
    }

    @Test
    void firstCommon_picksOurPreferenceAmongPeers() {
        assertEquals(Optional.of(AES256_CTS_HMAC_SHA1_96), STRICT.firstCommon(STRICT.permitted(), List.of(23, 17, 18)));
        assertEquals(Optional.empty(), STRICT.firstCommon(STRICT.permitted(), List.of(23, 3)));
        assertEquals(Optional.of(RC4_HMAC), WEAK.firstCommon(WEAK.permitted(), List.of(23, 3)));
    }
}
