package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Replays of published attacks on RFC 4121 per-message tokens, each with the exact failure JNegotiate gives.
 * MIT krb5 CVE-2024-37371: tokens whose length fields (EC, RRC, the token length itself) point outside the token
 * made the library read out of bounds. CVE-2024-37370: the plaintext copy of EC in a sealed wrap token could be
 * changed to make the receiver return a truncated message.
 */
class CfxKnownAttacksTest {
    private final KerbyTestCrypto crypto = new KerbyTestCrypto();
    private final Krb5Key key = crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
    private final CfxProtector initiator;
    private final CfxProtector acceptor;
    private final byte[] message = "pay 100 to alice; then pay 1 to bob".getBytes(StandardCharsets.US_ASCII);

    CfxKnownAttacksTest() throws Exception {
        initiator = new CfxProtector(crypto.cipher(key), true, true, 100, 7000, true, true);
        acceptor = new CfxProtector(crypto.cipher(key), false, true, 7000, 100, true, true);
    }

    private static void fails(Failure expected, Executable e) {
        NegotiateException x = assertThrows(NegotiateException.class, e);
        assertEquals(expected, x.failure(), x.getMessage());
    }

    private static byte[] withShort(byte[] token, int at, int value) {
        byte[] t = token.clone();
        t[at] = (byte) (value >> 8);
        t[at + 1] = (byte) value;
        return t;
    }

    @Test
    void cve2024_37370_sealedTokenWithChangedExtraCount_messageAltered() throws Exception {
        byte[] sealed = initiator.wrap(message, 0, message.length, true);
        for (int ec : new int[] {1, 8, 16, 17, message.length - 1, 0xFFFF}) {
            byte[] t = withShort(sealed, 4, ec);
            fails(Failure.MESSAGE_ALTERED, () -> acceptor.unwrap(t, 0, t.length));
        }
    }

    @Test
    void cve2024_37370_integrityTokenWithChangedExtraCount_refused() throws Exception {
        byte[] signed = initiator.wrap(message, 0, message.length, false);
        // EC of an integrity-only token must be the checksum length exactly: any other is refused before use
        byte[] shorter = withShort(signed, 4, 11); // one checksum byte would become "message"
        fails(Failure.INVALID_TOKEN, () -> acceptor.unwrap(shorter, 0, shorter.length));
        byte[] longer = withShort(signed, 4, 13 + message.length); // the checksum would swallow the message
        fails(Failure.INVALID_TOKEN, () -> acceptor.unwrap(longer, 0, longer.length));
        byte[] outside = withShort(signed, 4, 0xFFFF); // beyond the token
        fails(Failure.INVALID_TOKEN, () -> acceptor.unwrap(outside, 0, outside.length));
    }

    @Test
    void cve2024_37371_rotationCountBeyondTheToken_refused() throws Exception {
        byte[] sealed = initiator.wrap(message, 0, message.length, true);
        // a rotation by the whole body is no rotation (RRC is not covered by the checksum, its effect is): the
        // authentic message, never a read outside the token
        byte[] whole = withShort(sealed, 6, sealed.length - 16);
        assertArrayEquals(message, acceptor.unwrap(whole, 0, whole.length).message());
        for (int rrc : new int[] {sealed.length, 0x7FFF, 0xFFFF}) {
            byte[] t = withShort(sealed, 6, rrc);
            NegotiateException x = assertThrows(NegotiateException.class, () -> acceptor.unwrap(t, 0, t.length));
            // a rotation is only undone, never trusted: the checksum fails on a wrong one
            assertEquals(Failure.MESSAGE_ALTERED, x.failure(), "RRC " + rrc + ": " + x.getMessage());
        }
    }

    @Test
    void cve2024_37371_tokensShorterThanTheirHeaderOrChecksum_invalidToken() throws Exception {
        byte[] sealed = initiator.wrap(message, 0, message.length, true);
        byte[] mic = initiator.getMic(message, 0, message.length);
        for (int len = 0; len < 16; len++) {
            byte[] t = Arrays.copyOf(sealed, len);
            fails(Failure.INVALID_TOKEN, () -> acceptor.unwrap(t, 0, t.length));
            byte[] m = Arrays.copyOf(mic, len);
            fails(Failure.INVALID_TOKEN, () -> acceptor.verifyMic(m, 0, m.length, message, 0, message.length));
        }
        byte[] headerOnly = Arrays.copyOf(sealed, 16 + 8); // less than confounder and checksum
        fails(Failure.INVALID_TOKEN, () -> acceptor.unwrap(headerOnly, 0, headerOnly.length));
    }
}
