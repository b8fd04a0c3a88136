package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.CfxHeader;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.TokenOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-message tokens with the project's crypto for every AES enctype, including RFC 8009 (no Kerby peer there). */
class CfxProtectorEnctypesTest {

    @ParameterizedTest
    @EnumSource(
            value = EncryptionType.class,
            names = {
                "AES128_CTS_HMAC_SHA1_96",
                "AES256_CTS_HMAC_SHA1_96",
                "AES128_CTS_HMAC_SHA256_128",
                "AES256_CTS_HMAC_SHA384_192"
            })
    void wrapMic_roundTripAndSizes(EncryptionType type) throws Exception {
        KerberosCrypto crypto = KerberosCrypto.standard(new SecureRandom());
        Krb5Key key = crypto.randomKey(type);
        CfxProtector init = new CfxProtector(crypto.cipher(key), true, false, 1, 2, true, true);
        CfxProtector acc = new CfxProtector(crypto.cipher(key), false, false, 2, 1, true, true);
        byte[] m = new byte[1000];
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = init.wrap(m, 0, m.length, conf);
            assertArrayEquals(m, acc.unwrap(t, 0, t.length).message());
            int limit = init.wrapSizeLimit(t.length, conf);
            assertEquals(m.length, limit, type + " conf=" + conf);
            if (!conf) {
                assertEquals(
                        type.checksumLength(),
                        CfxHeader.parse(t, 0, t.length, CfxHeader.Kind.WRAP).ec());
            }
            t[t.length - 1] ^= 1;
            byte[] bad = t;
            assertEquals(
                    Failure.MESSAGE_ALTERED,
                    assertThrows(NegotiateException.class, () -> acc.unwrap(bad, 0, bad.length))
                            .failure());
        }
        byte[] mic = acc.getMic(m, 0, m.length);
        assertEquals(16 + type.checksumLength(), mic.length);
        assertEquals(TokenOrder.IN_ORDER, init.verifyMic(mic, 0, mic.length, m, 0, m.length));
    }
}
