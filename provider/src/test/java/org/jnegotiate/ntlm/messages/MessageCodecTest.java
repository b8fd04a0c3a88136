package org.jnegotiate.ntlm.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    static final HexFormat HEX = HexFormat.of();
    /** MS-NLMP section 4.2.4.3: the CHALLENGE_MESSAGE of the NTLMv2 example. */
    static final byte[] SPEC_CHALLENGE = HEX.parseHex("4e544c4d53535000020000000c000c003800000033828ae2"
            + "0123456789abcdef00000000000000002400240044000000060070170000000f53006500720076006500720002000c00"
            + "44006f006d00610069006e0001000c0053006500720076006500720000000000");

    static void invalid(String expectedText, org.junit.jupiter.api.function.Executable e) {
        NegotiateException x = assertThrows(NegotiateException.class, e);
        assertEquals(Failure.INVALID_TOKEN, x.failure());
        assertTrue(x.getMessage().contains(expectedText), x.getMessage());
    }

    @Test
    void challenge_specSection4_2_4_3_decodesAndReencodesByteForByte() throws Exception {
        ChallengeMessage m = ChallengeMessage.decode(SPEC_CHALLENGE);
        assertEquals(0xe28a8233, m.flags());
        assertEquals("Server", m.targetName());
        assertArrayEquals(HEX.parseHex("0123456789abcdef"), m.serverChallenge());
        assertEquals(Optional.of("Domain"), m.targetInfo().string(AvPair.MSV_AV_NB_DOMAIN_NAME));
        assertEquals(Optional.of("Server"), m.targetInfo().string(AvPair.MSV_AV_NB_COMPUTER_NAME));
        assertEquals(Optional.of(new NtlmVersion(6, 0, 6000, 15)), m.version());
        assertArrayEquals(SPEC_CHALLENGE, m.encode());
    }

    @Test
    void negotiate_roundTrip_keepsDomainWorkstationVersion() throws Exception {
        NegotiateMessage m = new NegotiateMessage(
                NegotiateFlags.NEGOTIATE_UNICODE
                        | NegotiateFlags.NEGOTIATE_VERSION
                        | NegotiateFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED
                        | NegotiateFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED,
                "DOMAIN",
                "WS01",
                Optional.of(NtlmVersion.CURRENT));
        assertEquals(m, NegotiateMessage.decode(m.encode()));
    }

    @Test
    void negotiate_32BytesWithoutVersion_decodesWithoutVersion() throws Exception {
        byte[] curl = HEX.parseHex("4e544c4d535350000100000006820800" + "0000000000000000" + "0000000000000000");
        NegotiateMessage m = NegotiateMessage.decode(curl);
        assertEquals(0x00088206, m.flags());
        assertEquals(Optional.empty(), m.version());
        assertEquals(32, m.encode().length);
    }

    @Test
    void authenticate_roundTrip_withMicAndOemStrings() throws Exception {
        AuthenticateMessage m = new AuthenticateMessage(
                NegotiateFlags.NEGOTIATE_OEM | NegotiateFlags.NEGOTIATE_VERSION,
                new byte[24],
                new byte[50],
                "DOM",
                "user",
                "WS",
                new byte[16],
                Optional.of(NtlmVersion.CURRENT),
                Optional.of(new byte[16]));
        byte[] enc = m.encode();
        assertEquals(m, AuthenticateMessage.decode(enc));
        assertEquals("user", new String(enc, 88 + 24 + 50 + 3, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void authenticate_withoutMicField_decodesMicAbsent() throws Exception {
        AuthenticateMessage m = new AuthenticateMessage(
                NegotiateFlags.NEGOTIATE_UNICODE,
                new byte[0],
                new byte[0],
                "",
                "",
                "",
                new byte[0],
                Optional.empty(),
                Optional.empty());
        assertFalse(AuthenticateMessage.decode(m.encode()).mic().isPresent());
        assertTrue(AuthenticateMessage.decode(m.encode()).isAnonymous());
    }

    @Test
    void targetInfo_roundTrip_andTypedAccessors() throws Exception {
        TargetInfo t = TargetInfo.empty()
                .withString(AvPair.MSV_AV_DNS_TREE_NAME, "forest.test")
                .withFlags(2)
                .withTimestamp(0x01d9000000000000L)
                .with(AvPair.MSV_AV_SINGLE_HOST, new byte[48])
                .withString(AvPair.MSV_AV_TARGET_NAME, "HTTP/host")
                .with(AvPair.MSV_AV_CHANNEL_BINDINGS, new byte[16]);
        TargetInfo back = TargetInfo.decode(t.encode());
        assertEquals(t, back);
        assertEquals(2, back.flags().getAsInt());
        assertEquals(0x01d9000000000000L, back.timestamp().getAsLong());
        assertEquals(Optional.of("HTTP/host"), back.string(AvPair.MSV_AV_TARGET_NAME));
    }

    @Test
    void ntlmv2ClientChallenge_roundTrip_endsWithFourZeroBytes() throws Exception {
        Ntlmv2ClientChallenge c = new Ntlmv2ClientChallenge(
                0,
                HEX.parseHex("aaaaaaaaaaaaaaaa"),
                TargetInfo.decode(
                        HEX.parseHex("02000c0044006f006d00610069006e0001000c00530065007200760065007200" + "00000000")));
        // MS-NLMP 4.2.4.2.2: temp
        assertEquals(
                "01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
                        + "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000",
                HEX.formatHex(c.encode()));
        assertEquals(c, Ntlmv2ClientChallenge.decode(c.encode()));
    }

    @Test
    void decode_wrongSignature_invalidToken() {
        byte[] bad = SPEC_CHALLENGE.clone();
        bad[0] = 'X';
        invalid("NTLMSSP signature", () -> ChallengeMessage.decode(bad));
    }

    @Test
    void decode_wrongMessageType_invalidTokenNamingBoth() {
        invalid(
                "expected NEGOTIATE_MESSAGE (MessageType 1) but got MessageType 2",
                () -> NegotiateMessage.decode(SPEC_CHALLENGE));
    }

    @Test
    void decode_fieldOutsideMessage_invalidTokenNamingField() {
        byte[] bad = SPEC_CHALLENGE.clone();
        bad[44] = (byte) 0xF0; // TargetInfo offset far past the end
        invalid("TargetInfo", () -> ChallengeMessage.decode(bad));
    }

    @Test
    void decode_oddLengthUnicode_invalidToken() {
        byte[] bad = SPEC_CHALLENGE.clone();
        bad[12] = 11;
        invalid("UTF-16LE", () -> ChallengeMessage.decode(bad));
    }

    @Test
    void targetInfo_pairPastEnd_invalidToken() {
        invalid("claims", () -> TargetInfo.decode(HEX.parseHex("0100ff00414141")));
    }

    @Test
    void clientChallenge_wrongRespType_invalidToken() {
        byte[] temp = new byte[32];
        temp[0] = 2;
        invalid("RespType", () -> Ntlmv2ClientChallenge.decode(temp));
    }

    @Test
    void flags_describe_namesBits() {
        assertEquals("0x00000011 [SIGN|UNICODE]", NegotiateFlags.describe(0x11));
    }
}
