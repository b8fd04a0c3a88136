package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Krb5PrfTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

    /** RFC 3962 section 5 publishes no PRF vector, so the aes-sha1 PRF is checked against Kerby's. */
    @ParameterizedTest
    @EnumSource(
            value = EncryptionType.class,
            names = {"AES128_CTS_HMAC_SHA1_96", "AES256_CTS_HMAC_SHA1_96"})
    void prf_aesSha1_equalsKerbys(EncryptionType type) throws Exception {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        byte[] input = "a PRF input longer than one block".getBytes(StandardCharsets.US_ASCII);
        byte[] ours = Krb5Prf.prf(key, input);
        assertEquals(16, ours.length);
        assertArrayEquals(EncryptionHandler.getEncHandler(type.id()).prf(key.bytes(), input), ours);
    }

    @Test
    void prf_rc4_unsupportedFunction() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> Krb5Prf.prf(new Krb5Key(EncryptionType.RC4_HMAC, new byte[16]), new byte[1]));
        assertEquals(Failure.UNSUPPORTED_FUNCTION, e.failure());
    }
}
