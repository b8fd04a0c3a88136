package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.ConstantRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every enctype must show: round trips, tamper detection, short input, destroy. */
class Krb5CipherTest {
    /** The randomness production hands in ({@code KerberosWorld.real()}). */
    private static final SecureRandom RANDOM = StripedSecureRandom.asSecureRandom();

    private static final int MIB = 1 << 20;

    static Stream<EncryptionType> implemented() {
        return Stream.of(EncryptionType.values()).filter(Krb5CipherTest::isImplemented);
    }

    static boolean isImplemented(EncryptionType type) {
        try {
            Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    static Stream<Arguments> typesAndLengths() {
        return implemented()
                .flatMap(t -> Stream.of(0, 1, 15, 16, 17, 31, 32, 33, MIB).map(n -> Arguments.of(t, n)));
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("typesAndLengths")
    void encryptThenDecrypt_restoresPlaintext(EncryptionType type, int length) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] buffer = random(length + 10, length);
        byte[] ct = cipher.encrypt(24, buffer, 5, length);
        assertEquals(length + cipher.encryptionOverhead(), ct.length);
        assertArrayEquals(Arrays.copyOfRange(buffer, 5, 5 + length), cipher.decrypt(24, ct, 0, ct.length));

        byte[] framed = new byte[ct.length + 7];
        System.arraycopy(ct, 0, framed, 3, ct.length);
        assertArrayEquals(Arrays.copyOfRange(buffer, 5, 5 + length), cipher.decrypt(24, framed, 3, ct.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void encrypt_twice_differsByConfounder(EncryptionType type) {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] plain = random(40, 1);
        assertFalse(Arrays.equals(cipher.encrypt(1, plain, 0, 40), cipher.encrypt(1, plain, 0, 40)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void encrypt_confounderIsOneDrawOfTheRandomHandedIn(EncryptionType type) throws Exception {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        byte[] plain = random(40, 2);
        ConstantRandom constant = new ConstantRandom((byte) 0x5A);
        Krb5Cipher cipher = Krb5Ciphers.of(key, constant);
        byte[] first = cipher.encrypt(1, plain, 0, 40);
        assertArrayEquals(first, cipher.encrypt(1, plain, 0, 40), "the same confounder, the same ciphertext");
        int confounder = CipherInternals.keyed(cipher).confounderLength();
        assertEquals(List.of(confounder, confounder), constant.draws(), "one draw per encryption, nothing else");
        assertArrayEquals(CipherInternals.keyed(cipher).encrypt(1, plain, 0, 40, constant.bytes(confounder)), first);
        assertArrayEquals(plain, cipher.decrypt(1, first, 0, first.length));
        cipher.checksum(1, plain, 0, 40);
        assertEquals(2, constant.draws().size(), "decrypt and checksum draw nothing");

        Krb5Cipher view = Krb5Ciphers.shared(key, constant);
        assertArrayEquals(first, view.encrypt(1, plain, 0, 40), "a view of the kept cipher draws from its own random");
        Krb5Cipher otherView = Krb5Ciphers.shared(key, RANDOM);
        assertFalse(Arrays.equals(first, otherView.encrypt(1, plain, 0, 40)), "another view, another random");
        assertEquals(3, constant.draws().size());
        cipher.destroy();
        key.destroy();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_anyBitFlipped_messageAltered(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] plain = random(33, 2);
        byte[] ct = cipher.encrypt(11, plain, 0, plain.length);
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] tampered = ct.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            NegotiateException e = assertThrows(
                    NegotiateException.class, () -> cipher.decrypt(11, tampered, 0, tampered.length), "bit " + bit);
            assertEquals(Failure.MESSAGE_ALTERED, e.failure(), "bit " + bit);
        }
        assertArrayEquals(plain, cipher.decrypt(11, ct, 0, ct.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_largeMessageTampered_messageAltered(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] ct = cipher.encrypt(22, random(MIB, 3), 0, MIB);
        for (int pos : new int[] {0, 17, ct.length / 2, ct.length - 30, ct.length - 1}) {
            byte[] tampered = ct.clone();
            tampered[pos] ^= 0x40;
            NegotiateException e =
                    assertThrows(NegotiateException.class, () -> cipher.decrypt(22, tampered, 0, tampered.length));
            assertEquals(Failure.MESSAGE_ALTERED, e.failure());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_wrongUsage_messageAltered(EncryptionType type) {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] ct = cipher.encrypt(22, new byte[20], 0, 20);
        NegotiateException e = assertThrows(NegotiateException.class, () -> cipher.decrypt(24, ct, 0, ct.length));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_wrongKey_messageAltered(EncryptionType type) {
        byte[] ct = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM).encrypt(3, new byte[20], 0, 20);
        Krb5Cipher other = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        NegotiateException e = assertThrows(NegotiateException.class, () -> other.decrypt(3, ct, 0, ct.length));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_shorterThanOverhead_invalidToken(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        int min = cipher.encryptionOverhead();
        for (int length = 0; length < min; length++) {
            byte[] in = new byte[length];
            NegotiateException e = assertThrows(NegotiateException.class, () -> cipher.decrypt(2, in, 0, in.length));
            assertEquals(Failure.INVALID_TOKEN, e.failure(), "length " + length);
        }
        byte[] exact = cipher.encrypt(2, new byte[0], 0, 0);
        assertEquals(min, exact.length);
        assertEquals(0, cipher.decrypt(2, exact, 0, exact.length).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void decrypt_randomBytesOfEveryLength_messageAltered(EncryptionType type) {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        for (int length = cipher.encryptionOverhead(); length < cipher.encryptionOverhead() + 50; length++) {
            byte[] garbage = random(length, length);
            NegotiateException e = assertThrows(
                    NegotiateException.class, () -> cipher.decrypt(7, garbage, 0, garbage.length), "length " + length);
            assertEquals(Failure.MESSAGE_ALTERED, e.failure(), "length " + length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void checksum_verifies_andDetectsTampering(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        byte[] data = random(100, 4);
        byte[] sum = cipher.checksum(25, data, 10, 80);
        assertEquals(type.checksumLength(), sum.length);
        cipher.verifyChecksum(25, data, 10, 80, sum);

        data[50] ^= 1;
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> cipher.verifyChecksum(25, data, 10, 80, sum));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
        data[50] ^= 1;
        NegotiateException wrongUsage =
                assertThrows(NegotiateException.class, () -> cipher.verifyChecksum(23, data, 10, 80, sum));
        assertEquals(Failure.MESSAGE_ALTERED, wrongUsage.failure());
        NegotiateException truncated = assertThrows(
                NegotiateException.class,
                () -> cipher.verifyChecksum(25, data, 10, 80, Arrays.copyOf(sum, sum.length - 1)));
        assertEquals(Failure.MESSAGE_ALTERED, truncated.failure());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void destroy_zeroesKeys_andRefusesUse(EncryptionType type) {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        Krb5Cipher cipher = Krb5Ciphers.of(key, RANDOM);
        cipher.encrypt(5, new byte[3], 0, 3);
        cipher.checksum(6, new byte[3], 0, 3);
        List<RawKey> derived = derivedKeys(cipher);
        assertFalse(derived.isEmpty());

        cipher.destroy();
        assertTrue(baseKeyIsZero(cipher));
        for (RawKey k : derived) {
            assertTrue(k.isDestroyed());
            assertArrayEquals(new byte[k.length()], k.bytes());
        }
        assertThrows(IllegalStateException.class, () -> cipher.encrypt(5, new byte[3], 0, 3));
        assertFalse(key.isDestroyed(), "the caller's key is the caller's to destroy");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = EncryptionType.class,
            names = {
                "AES128_CTS_HMAC_SHA1_96",
                "AES256_CTS_HMAC_SHA1_96",
                "AES128_CTS_HMAC_SHA256_128",
                "AES256_CTS_HMAC_SHA384_192"
            })
    void aesUsageKeys_derivedOnlyWhenTheirOperationRuns(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        assertEquals(0, derivedKeys(cipher).size());
        byte[] sealed = cipher.encrypt(11, new byte[40], 0, 40);
        assertEquals(2, derivedKeys(cipher).size(), "encrypt derives Ke and Ki, not Kc");
        assertArrayEquals(new byte[40], cipher.decrypt(11, sealed, 0, sealed.length));
        assertEquals(2, derivedKeys(cipher).size(), "decrypt of the same usage reuses them");
        cipher.checksum(11, new byte[5], 0, 5);
        assertEquals(3, derivedKeys(cipher).size(), "the first checksum adds Kc");
        cipher.checksum(25, new byte[5], 0, 5);
        assertEquals(4, derivedKeys(cipher).size(), "another usage's checksum adds only its Kc");
        cipher.destroy();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void shared_viewsOfOneKey_deriveOnce_destroyedOnlyWithTheKey(EncryptionType type) throws Exception {
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        Krb5Cipher first = Krb5Ciphers.shared(key, RANDOM);
        byte[] sealed = first.encrypt(11, new byte[20], 0, 20);
        List<RawKey> derived = derivedKeys(key.keptCipher());
        first.destroy(); // a context ending: the key's cipher stays

        Krb5Cipher second = Krb5Ciphers.shared(key, RANDOM);
        assertArrayEquals(new byte[20], second.decrypt(11, sealed, 0, sealed.length));
        assertEquals(derived.size(), derivedKeys(key.keptCipher()).size(), "nothing derived again");
        assertTrue(derived.stream().noneMatch(RawKey::isDestroyed));

        key.destroy();
        assertTrue(derived.stream().allMatch(RawKey::isDestroyed), "derived keys go with the key");
        assertThrows(IllegalStateException.class, () -> Krb5Ciphers.shared(key, RANDOM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implemented")
    void concurrentUse_isThreadSafe(EncryptionType type) throws Exception {
        Krb5Cipher cipher = Krb5Ciphers.of(StringToKey.randomKey(type, RANDOM), RANDOM);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] plain = random(i * 3, seed * 1000L + i);
                        int usage = 22 + (i % 4);
                        byte[] ct = cipher.encrypt(usage, plain, 0, plain.length);
                        if (!Arrays.equals(plain, cipher.decrypt(usage, ct, 0, ct.length))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void encrypt_badRange_indexOutOfBounds() {
        Krb5Cipher cipher =
                Krb5Ciphers.of(StringToKey.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96, RANDOM), RANDOM);
        assertThrows(IndexOutOfBoundsException.class, () -> cipher.encrypt(1, new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> cipher.decrypt(1, new byte[40], -1, 30));
    }

    static List<RawKey> derivedKeys(Krb5Cipher cipher) {
        return CipherInternals.derivedKeys(cipher);
    }

    static List<RawKey> derivedKeys(KeyedCipher cipher) {
        return CipherInternals.derivedKeys(cipher);
    }

    static boolean baseKeyIsZero(Krb5Cipher cipher) {
        return CipherInternals.baseKeyIsZero(cipher);
    }
}
