package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.CfxHeader;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.Test;

/** RFC 4121 section 4.2 per-message tokens between an initiator and an acceptor protector. */
class CfxProtectorTest {
    private final KerbyTestCrypto crypto = new KerbyTestCrypto();
    private final Krb5Key key = crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
    private final CfxProtector initiator;
    private final CfxProtector acceptor;
    private final byte[] message = "the quick brown fox".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    CfxProtectorTest() throws Exception {
        initiator = new CfxProtector(crypto.cipher(key), true, true, 100, 7000, true, true);
        acceptor = new CfxProtector(crypto.cipher(key), false, true, 7000, 100, true, true);
    }

    @Test
    void wrapUnwrap_bothDirections_confOnAndOff() throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = initiator.wrap(message, 0, message.length, conf);
            Unwrapped u = acceptor.unwrap(t, 0, t.length);
            assertArrayEquals(message, u.message());
            assertEquals(conf, u.confidential());
            assertEquals(TokenOrder.IN_ORDER, u.order());
            byte[] back = acceptor.wrap(message, 0, message.length, conf);
            assertArrayEquals(message, initiator.unwrap(back, 0, back.length).message());
        }
    }

    @Test
    void wrap_sealed_hidesPlaintextAndSetsFlags() throws Exception {
        byte[] t = acceptor.wrap(message, 0, message.length, true);
        CfxHeader h = CfxHeader.parse(t, 0, t.length, CfxHeader.Kind.WRAP);
        assertEquals(CfxHeader.SENT_BY_ACCEPTOR | CfxHeader.SEALED | CfxHeader.ACCEPTOR_SUBKEY, h.flags());
        assertEquals(7000, h.sequence());
        assertEquals(16 + message.length + 16 + 28, t.length);
        assertEquals(-1, Bytes.indexOf(t, message));
    }

    @Test
    void wrap_integrityOnly_carriesPlaintextAndChecksumLengthInEc() throws Exception {
        byte[] t = initiator.wrap(message, 0, message.length, false);
        CfxHeader h = CfxHeader.parse(t, 0, t.length, CfxHeader.Kind.WRAP);
        assertEquals(12, h.ec());
        assertEquals(CfxHeader.ACCEPTOR_SUBKEY, h.flags());
        assertEquals(16, Bytes.indexOf(t, message));
        assertEquals(16 + message.length + 12, t.length);
    }

    @Test
    void unwrap_offsetAndLength_respected() throws Exception {
        byte[] t = initiator.wrap(message, 4, 5, true);
        byte[] padded = new byte[t.length + 10];
        System.arraycopy(t, 0, padded, 3, t.length);
        assertArrayEquals(
                Arrays.copyOfRange(message, 4, 9),
                acceptor.unwrap(padded, 3, t.length).message());
    }

    @Test
    void unwrap_rotatedByRrc_accepted() throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            for (int rrc : new int[] {28, 12, 5, 1000}) {
                byte[] t = initiator.wrap(message, 0, message.length, conf);
                byte[] rotated = rotate(t, rrc);
                assertArrayEquals(
                        message, acceptor.unwrap(rotated, 0, rotated.length).message(), "rrc " + rrc);
            }
        }
    }

    @Test
    void unwrap_sunJgssIntegrityOnlyVector_sealUsageChecksum() throws Exception {
        // captured from SunJGSS (JDK 17) as initiator with an acceptor subkey: wrap without confidentiality,
        // checksum with KG-USAGE-INITIATOR-SEAL (24), not -SIGN (25)
        java.util.HexFormat hex = java.util.HexFormat.of();
        byte[] token = hex.parseHex("050404ff000c0000000000001cd94d6366726f6d20746865204a444b07b951d6aeec44a9a82e8f0e");
        Krb5Key subkey =
                new Krb5Key(EncryptionType.AES128_CTS_HMAC_SHA1_96, hex.parseHex("3b96499fd82d87bf41a0bbac1529a75f"));
        CfxProtector acc = new CfxProtector(
                KerberosCrypto.standard(new SecureRandom()).cipher(subkey), false, true, 5, 0x1cd94d63L, true, true);
        Unwrapped u = acc.unwrap(token, 0, token.length);
        assertArrayEquals("from the JDK".getBytes(java.nio.charset.StandardCharsets.US_ASCII), u.message());
        assertEquals(false, u.confidential());
        assertEquals(TokenOrder.IN_ORDER, u.order());
    }

    @Test
    void unwrap_windowsStyleSealedToken_ec16Rrc28_accepted() throws Exception {
        // Windows seals with 16 filler bytes (EC 16) and rotates by RRC 28; built here by hand from RFC 4121 4.2.4
        CfxHeader header = new CfxHeader(CfxHeader.Kind.WRAP, CfxHeader.SEALED | CfxHeader.ACCEPTOR_SUBKEY, 16, 0, 100);
        byte[] plain = new byte[message.length + 16 + 16];
        System.arraycopy(message, 0, plain, 0, message.length);
        Arrays.fill(plain, message.length, message.length + 16, (byte) 0xFF);
        header.writeTo(plain, message.length + 16);
        byte[] enc = crypto.cipher(key).encrypt(CfxProtector.INITIATOR_SEAL, plain, 0, plain.length);
        byte[] token = new byte[16 + enc.length];
        header.with(16, 28).writeTo(token, 0);
        for (int i = 0; i < enc.length; i++) {
            token[16 + (i + 28) % enc.length] = enc[i];
        }
        Unwrapped u = acceptor.unwrap(token, 0, token.length);
        assertArrayEquals(message, u.message());
        assertTrue(u.confidential());
        assertEquals(TokenOrder.IN_ORDER, u.order());
    }

    @Test
    void unwrap_tamperedAnyByte_messageAlteredOrInvalid() throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = initiator.wrap(message, 0, message.length, conf);
            for (int i = 0; i < t.length; i++) {
                byte[] bad = t.clone();
                bad[i] ^= 0x01;
                NegotiateException e =
                        assertThrows(NegotiateException.class, () -> acceptor.unwrap(bad, 0, bad.length), "byte " + i);
                assertTrue(
                        e.failure() == Failure.MESSAGE_ALTERED || e.failure() == Failure.INVALID_TOKEN,
                        "byte " + i + ": " + e);
                if (i >= 16) {
                    assertEquals(Failure.MESSAGE_ALTERED, e.failure(), "body byte " + i);
                }
            }
        }
    }

    @Test
    void unwrap_ownTokenReflected_messageAltered() throws Exception {
        byte[] t = initiator.wrap(message, 0, message.length, true);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> initiator.unwrap(t, 0, t.length))
                        .failure());
        byte[] mic = acceptor.getMic(message, 0, message.length);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(
                                NegotiateException.class,
                                () -> acceptor.verifyMic(mic, 0, mic.length, message, 0, message.length))
                        .failure());
    }

    @Test
    void unwrap_acceptorSubkeyFlagMismatch_messageAltered() throws Exception {
        CfxProtector noSubkey = new CfxProtector(crypto.cipher(key), true, false, 1, 1, false, false);
        byte[] t = noSubkey.wrap(message, 0, message.length, false);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> acceptor.unwrap(t, 0, t.length))
                        .failure());
    }

    @Test
    void unwrap_otherKey_messageAltered() throws Exception {
        CfxProtector stranger = new CfxProtector(
                crypto.cipher(crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96)),
                true,
                true,
                100,
                1,
                false,
                false);
        byte[] t = stranger.wrap(message, 0, message.length, true);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> acceptor.unwrap(t, 0, t.length))
                        .failure());
    }

    @Test
    void unwrap_truncated_invalidTokenOrAltered() throws Exception {
        byte[] t = initiator.wrap(message, 0, message.length, false);
        for (int len = 0; len < t.length; len++) {
            final int l = len;
            NegotiateException e = assertThrows(NegotiateException.class, () -> acceptor.unwrap(t, 0, l));
            assertTrue(e.failure() == Failure.INVALID_TOKEN || e.failure() == Failure.MESSAGE_ALTERED, e.toString());
        }
    }

    @Test
    void mic_verifiesBothWaysAndDetectsChangedMessage() throws Exception {
        byte[] mic = initiator.getMic(message, 0, message.length);
        assertEquals(28, mic.length);
        assertEquals(TokenOrder.IN_ORDER, acceptor.verifyMic(mic, 0, mic.length, message, 0, message.length));
        byte[] mic2 = acceptor.getMic(message, 0, message.length);
        assertEquals(TokenOrder.IN_ORDER, initiator.verifyMic(mic2, 0, mic2.length, message, 0, message.length));
        byte[] other = message.clone();
        other[0] ^= 1;
        byte[] mic3 = initiator.getMic(message, 0, message.length);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(
                                NegotiateException.class,
                                () -> acceptor.verifyMic(mic3, 0, mic3.length, other, 0, other.length))
                        .failure());
    }

    @Test
    void sequence_replayAndReorder_reported() throws Exception {
        byte[] t1 = initiator.wrap(message, 0, message.length, true);
        byte[] t2 = initiator.wrap(message, 0, message.length, true);
        byte[] t3 = initiator.wrap(message, 0, message.length, true);
        assertEquals(TokenOrder.IN_ORDER, acceptor.unwrap(t1, 0, t1.length).order());
        assertEquals(TokenOrder.DUPLICATE, acceptor.unwrap(t1, 0, t1.length).order());
        assertEquals(TokenOrder.GAP, acceptor.unwrap(t3, 0, t3.length).order());
        assertEquals(TokenOrder.UNSEQUENCED, acceptor.unwrap(t2, 0, t2.length).order());
        byte[] m1 = initiator.getMic(message, 0, message.length);
        assertEquals(TokenOrder.IN_ORDER, acceptor.verifyMic(m1, 0, m1.length, message, 0, message.length));
        assertEquals(TokenOrder.DUPLICATE, acceptor.verifyMic(m1, 0, m1.length, message, 0, message.length));
    }

    @Test
    void sequence_notRequested_everythingInOrder() throws Exception {
        CfxProtector lax = new CfxProtector(crypto.cipher(key), false, true, 7000, 100, false, false);
        byte[] t1 = initiator.wrap(message, 0, message.length, true);
        assertEquals(TokenOrder.IN_ORDER, lax.unwrap(t1, 0, t1.length).order());
        assertEquals(TokenOrder.IN_ORDER, lax.unwrap(t1, 0, t1.length).order());
    }

    @Test
    void oneMebibyte_roundTrips() throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = initiator.wrap(big, 0, big.length, conf);
            assertArrayEquals(big, acceptor.unwrap(t, 0, t.length).message());
        }
    }

    @Test
    void emptyMessage_roundTrips() throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = initiator.wrap(new byte[0], 0, 0, conf);
            assertEquals(0, acceptor.unwrap(t, 0, t.length).message().length);
        }
        byte[] mic = initiator.getMic(new byte[0], 0, 0);
        assertEquals(TokenOrder.IN_ORDER, acceptor.verifyMic(mic, 0, mic.length, new byte[0], 0, 0));
    }

    @Test
    void wrapSizeLimit_tokenFitsExactly() throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            int limit = initiator.wrapSizeLimit(1000, conf);
            assertEquals(1000, initiator.wrap(new byte[limit], 0, limit, conf).length);
        }
        assertEquals(0, initiator.wrapSizeLimit(10, true));
    }

    @Test
    void rc4Cipher_unsupportedFunction() {
        Krb5Cipher rc4 = new Krb5Cipher() {
            public EncryptionType type() {
                return EncryptionType.RC4_HMAC;
            }

            public byte[] encrypt(int u, byte[] p, int o, int l) {
                throw new AssertionError();
            }

            public byte[] decrypt(int u, byte[] c, int o, int l) {
                throw new AssertionError();
            }

            public byte[] checksum(int u, byte[] d, int o, int l) {
                throw new AssertionError();
            }

            public void verifyChecksum(int u, byte[] d, int o, int l, byte[] e) {
                throw new AssertionError();
            }

            public int encryptionOverhead() {
                return 24;
            }

            public void destroy() {}
        };
        assertEquals(
                Failure.UNSUPPORTED_FUNCTION,
                assertThrows(NegotiateException.class, () -> new CfxProtector(rc4, true, false, 0, 0, false, false))
                        .failure());
    }

    @Test
    void badRange_invalidParameter() {
        assertEquals(
                Failure.INVALID_PARAMETER,
                assertThrows(NegotiateException.class, () -> initiator.wrap(message, 5, message.length, true))
                        .failure());
    }

    /** The token with its body rotated right by {@code rrc} and RRC set, as Windows sends it. */
    private static byte[] rotate(byte[] token, int rrc) {
        int n = token.length - 16;
        int r = rrc % n;
        byte[] out = token.clone();
        for (int i = 0; i < n; i++) {
            out[16 + (i + r) % n] = token[16 + i];
        }
        out[6] = (byte) (rrc >>> 8);
        out[7] = (byte) rrc;
        return out;
    }
}
