package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class KdcProxyMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encode_framesTheMessageAndNamesTheRealm() {
        byte[] der = KdcProxyMessage.encode(new byte[] {0x6A, 0x01, 0x00}, "R.TEST");
        // SEQUENCE { [0] OCTET STRING 00000003 6a0100, [1] GeneralString "R.TEST" }
        assertEquals(
                "3015" + "a009" + "0407" + "00000003" + "6a0100" + "a108" + "1b06" + HEX.formatHex("R.TEST".getBytes()),
                HEX.formatHex(der));
    }

    @Test
    void encode_longMessage_usesLongFormLengths() throws NegotiateException {
        byte[] big = new byte[70_000];
        big[0] = 0x6B;
        byte[] der = KdcProxyMessage.encode(big, "R.TEST");
        assertEquals(0x83, der[1] & 0xFF); // 3 length octets for ~70 KB
        assertArrayEquals(big, KdcProxyMessage.decodeReply(der));
    }

    @Test
    void decodeReply_withoutTargetDomain_givesTheUnframedMessage() throws NegotiateException {
        byte[] reply = HEX.parseHex("300ba009" + "0407" + "00000003" + "7e0100");
        assertArrayEquals(new byte[] {0x7E, 0x01, 0x00}, KdcProxyMessage.decodeReply(reply));
    }

    @Test
    void decodeReply_withHint_accepted() throws NegotiateException {
        byte[] reply = HEX.parseHex("3010a009" + "0407" + "00000003" + "7e0100" + "a203020101");
        assertArrayEquals(new byte[] {0x7E, 0x01, 0x00}, KdcProxyMessage.decodeReply(reply));
    }

    @Test
    void decodeReply_prefixLongerThanTheMessage_invalidToken() {
        assertInvalid("300ba009" + "0407" + "00000004" + "7e0100", "announces 4 bytes and holds 3");
    }

    @Test
    void decodeReply_prefixShorterThanTheMessage_invalidToken() {
        assertInvalid("300ba009" + "0407" + "00000002" + "7e0100", "announces 2 bytes and holds 3");
    }

    @Test
    void decodeReply_noLengthPrefix_invalidToken() {
        assertInvalid("3007a005" + "0403" + "7e0100", "has no length prefix");
    }

    @Test
    void decodeReply_emptyFramedMessage_invalidToken() {
        assertInvalid("3008a006" + "0404" + "00000000", "announces 0 bytes");
    }

    @Test
    void decodeReply_missingKerbMessage_invalidToken() {
        assertInvalid("3008a1061b04522e5445", "missing kerb-message");
    }

    @Test
    void decodeReply_unknownField_invalidToken() {
        assertInvalid("3010a009" + "0407" + "00000003" + "7e0100" + "a303020101", "unexpected [3]");
    }

    @Test
    void decodeReply_bytesAfterTheMessage_invalidToken() {
        assertInvalid("300ba009" + "0407" + "00000003" + "7e0100" + "00", "does not fill");
    }

    @Test
    void decodeReply_notASequence_invalidToken() {
        assertInvalid("0403000000", "SEQUENCE");
    }

    @Test
    void decodeReply_html_invalidToken() {
        assertInvalid(HEX.formatHex("<html>".getBytes()), "KDC-PROXY-MESSAGE");
    }

    private static void assertInvalid(String hex, String expected) {
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> KdcProxyMessage.decodeReply(HEX.parseHex(hex)));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
