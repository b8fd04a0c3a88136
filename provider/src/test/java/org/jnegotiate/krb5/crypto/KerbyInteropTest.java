package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with an implementation nobody here wrote: Apache Kerby's kerb-crypto (which has no
 * RFC 8009 enctypes). Encrypt on one side, decrypt on the other, both ways, for several key usages.
 */
class KerbyInteropTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

    private static final int[] USAGES = {1, 2, 3, 7, 8, 9, 11, 12, 13, 15, 22, 23, 24};
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 33, 1000};

    static Stream<Arguments> cases() {
        return Stream.of(
                        EncryptionType.AES128_CTS_HMAC_SHA1_96,
                        EncryptionType.AES256_CTS_HMAC_SHA1_96,
                        EncryptionType.RC4_HMAC)
                .filter(Krb5CipherTest::isImplemented)
                .flatMap(t -> java.util.Arrays.stream(USAGES).mapToObj(u -> Arguments.of(t, u)));
    }

    private static KeyUsage kerbyUsage(int usage) {
        KeyUsage u = KeyUsage.fromValue(usage);
        assertEquals(usage, u.getValue());
        return u;
    }

    @ParameterizedTest(name = "{0} usage {1}")
    @MethodSource("cases")
    void ourEncryption_decryptsWithKerby_andKerbysWithOurs(EncryptionType type, int usage) throws Exception {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        Krb5Cipher ours = Krb5Ciphers.of(key, RANDOM);
        EncryptionKey kerbyKey = new EncryptionKey(type.id(), key.bytes());
        for (int length : LENGTHS) {
            byte[] plain = new byte[length];
            new Random(length * 31L + usage).nextBytes(plain);

            byte[] ct = ours.encrypt(usage, plain, 0, length);
            assertArrayEquals(plain, EncryptionHandler.decrypt(ct, kerbyKey, kerbyUsage(usage)), "to Kerby, " + length);

            byte[] kerbyCt = EncryptionHandler.encrypt(plain, kerbyKey, kerbyUsage(usage))
                    .getCipher();
            assertEquals(length + ours.encryptionOverhead(), kerbyCt.length);
            assertArrayEquals(plain, ours.decrypt(usage, kerbyCt, 0, kerbyCt.length), "from Kerby, " + length);
        }
    }

    @ParameterizedTest(name = "{0} usage {1}")
    @MethodSource("cases")
    void ourChecksum_equalsKerbys(EncryptionType type, int usage) throws Exception {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        byte[] data = "the checksummed data".getBytes(StandardCharsets.US_ASCII);
        CheckSum kerby = CheckSumHandler.checksumWithKey(
                CheckSumType.fromValue(type.checksumType()), data, key.bytes(), kerbyUsage(usage));
        byte[] ours = Krb5Ciphers.of(key, RANDOM).checksum(usage, data, 0, data.length);
        assertArrayEquals(kerby.getChecksum(), ours);
        assertTrue(CheckSumHandler.verifyWithKey(
                new CheckSum(type.checksumType(), ours), data, key.bytes(), kerbyUsage(usage)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sha1Types")
    // Kerby accepts ASCII passwords only; the UTF-8 path is covered by the RFC 3962 g-clef vector.
    void ourStringToKey_equalsKerbys(EncryptionType type) throws Exception {
        String salt = "EXAMPLE.COMhttpserver";
        EncryptionKey kerby = EncryptionHandler.string2Key(
                "correct horse battery",
                salt,
                null,
                org.apache.kerby.kerberos.kerb.type.base.EncryptionType.fromValue(type.id()));
        Krb5Key ours = StringToKey.derive(
                type, "correct horse battery".toCharArray(), salt.getBytes(StandardCharsets.UTF_8), null);
        assertArrayEquals(kerby.getKeyData(), ours.bytes());
    }

    static Stream<EncryptionType> sha1Types() {
        return Stream.of(
                EncryptionType.AES128_CTS_HMAC_SHA1_96,
                EncryptionType.AES256_CTS_HMAC_SHA1_96,
                EncryptionType.RC4_HMAC);
    }
}
