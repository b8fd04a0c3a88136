package org.jnegotiate.spnego.tokens;

import static org.jnegotiate.testing.TestTlv.explicit;
import static org.jnegotiate.testing.TestTlv.tlv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The field binding of the decoder (written by hand over the checked parse tree): what Kerby's sequence
 * decoder refused is still refused, with INVALID_TOKEN, and values come out as they went in.
 */
class NegotiationTokenStrictDecodingTest {
    private static final byte[] TOKEN = {0x60, 1, 2};
    private static final byte[] OCTETS = tlv(0x04, TOKEN);
    private static final byte[] STATE = tlv(0x0A, new byte[] {1});

    @Test
    void negTokenResp_fieldsInOrder_decodeToTheirValues() throws Exception {
        NegTokenResp r = (NegTokenResp) NegotiationToken.decode(resp(
                explicit(0, STATE),
                explicit(1, MechOid.MS_KERBEROS.der()),
                explicit(2, OCTETS),
                explicit(3, tlv(0x04, new byte[0]))));
        assertEquals(NegState.ACCEPT_INCOMPLETE, r.negState().orElseThrow());
        assertEquals(MechOid.MS_KERBEROS.dotted(), r.supportedMech().orElseThrow());
        assertArrayEquals(TOKEN, r.responseToken().orElseThrow());
        assertArrayEquals(new byte[0], r.mechListMic().orElseThrow());
    }

    @Test
    void negTokenResp_fieldsOutOfOrder_invalidToken() {
        assertInvalid(resp(explicit(2, OCTETS), explicit(0, STATE)));
    }

    @Test
    void negTokenResp_repeatedField_invalidToken() {
        assertInvalid(resp(explicit(2, OCTETS), explicit(2, OCTETS)));
    }

    @Test
    void negTokenResp_unknownTag_invalidToken() {
        assertInvalid(resp(explicit(4, OCTETS)));
    }

    @Test
    void negTokenResp_untaggedField_invalidToken() {
        assertInvalid(resp(OCTETS));
    }

    @Test
    void negTokenResp_responseTokenNotAnOctetString_invalidToken() {
        assertInvalid(resp(explicit(2, tlv(0x02, new byte[] {5}))));
    }

    @Test
    void negTokenResp_supportedMechNotAnOid_invalidToken() {
        assertInvalid(resp(explicit(1, OCTETS)));
    }

    @Test
    void negTokenResp_nonCanonicalUnknownOid_invalidToken() {
        // 1.2.0x80 0x01: a padded arc, which decodes to 1.2.1 but is not its DER
        assertInvalid(resp(explicit(1, tlv(0x06, new byte[] {0x2A, (byte) 0x80, 0x01}))));
    }

    @Test
    void negTokenResp_unknownCanonicalOid_decodesDotted() throws Exception {
        NegTokenResp r =
                (NegTokenResp) NegotiationToken.decode(resp(explicit(1, tlv(0x06, new byte[] {0x2A, 0x03, 0x04}))));
        assertEquals("1.2.3.4", r.supportedMech().orElseThrow());
    }

    @Test
    void negTokenInit_mechTypesNotASequence_invalidToken() {
        assertInvalid(init(explicit(0, OCTETS)));
    }

    @Test
    void negTokenInit_mechTypeNotAnOid_invalidToken() {
        assertInvalid(init(explicit(0, tlv(0x30, OCTETS))));
    }

    @Test
    void negTokenInit_withoutMechTypes_invalidToken() {
        assertInvalid(init(explicit(2, OCTETS)));
    }

    @Test
    void negTokenInit_mechTypesAndToken_keepTheReceivedListBytes() throws Exception {
        byte[] list = tlv(0x30, MechOid.MS_KERBEROS.der(), MechOid.NTLM.der());
        NegTokenInit t = (NegTokenInit) NegotiationToken.decode(init(explicit(0, list), explicit(2, OCTETS)));
        assertEquals(List.of(MechOid.MS_KERBEROS, MechOid.NTLM), t.mechTypes().known());
        assertArrayEquals(list, t.mechTypes().der());
        assertArrayEquals(TOKEN, t.mechToken().orElseThrow());
    }

    @Test
    void negTokenInit2_everyField_roundTrips() throws Exception {
        MechTypeList list = MechTypeList.of(List.of(MechOid.MS_KERBEROS, MechOid.NTLM));
        NegTokenInit2 sent = new NegTokenInit2(
                list,
                OptionalInt.of(0x22),
                Optional.of(TOKEN),
                Optional.of(new NegHints(Optional.of("host@EXAMPLE.COM"), Optional.of(new byte[] {7, 8}))),
                Optional.of(new byte[] {9}));
        NegTokenInit2 got = (NegTokenInit2) NegotiationToken.decode(NegTokenInit2Encoder.encode(sent));
        assertEquals(list, got.mechTypes());
        assertEquals(0x22, got.reqFlags().orElseThrow());
        assertArrayEquals(TOKEN, got.mechToken().orElseThrow());
        assertEquals("host@EXAMPLE.COM", got.negHints().orElseThrow().hintName().orElseThrow());
        assertArrayEquals(
                new byte[] {7, 8}, got.negHints().orElseThrow().hintAddress().orElseThrow());
        assertArrayEquals(new byte[] {9}, got.mechListMic().orElseThrow());
    }

    @Test
    void negTokenInit_reqFlags_roundTrip() throws Exception {
        NegTokenInit sent = new NegTokenInit(
                MechTypeList.of(List.of(MechOid.KERBEROS)), OptionalInt.of(0x41), Optional.empty(), Optional.empty());
        NegTokenInit got = (NegTokenInit) NegotiationToken.decode(sent.encode());
        assertEquals(0x41, got.reqFlags().orElseThrow());
        assertEquals(Optional.empty(), got.mechToken());
    }

    @Test
    void negTokenInit2_hintNameNotAGeneralString_invalidToken() {
        byte[] list = tlv(0x30, MechOid.NTLM.der());
        assertInvalid(init(explicit(0, list), explicit(3, tlv(0x30, explicit(0, OCTETS)))));
    }

    @Test
    void negTokenResp_negStateOutOfRange_invalidToken() {
        assertInvalid(resp(explicit(0, tlv(0x0A, new byte[] {9}))));
    }

    private static byte[] resp(byte[]... fields) {
        return tlv(0xA1, tlv(0x30, fields));
    }

    private static byte[] init(byte[]... fields) {
        return tlv(0xA0, tlv(0x30, fields));
    }

    private static void assertInvalid(byte[] token) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> NegotiationToken.decode(token));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }
}
