package org.jnegotiate.spnego.tokens;

import static org.jnegotiate.testing.TestTlv.explicit;
import static org.jnegotiate.testing.TestTlv.tlv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;

/** The encoder's bytes, written out by hand from RFC 4178's ASN.1 (the mechanism list goes out pre-encoded). */
class NegotiationTokenEncodingTest {
    private static final byte[] TOKEN = new byte[300];

    @Test
    void negTokenInit_isTheDerOfItsFields() {
        MechTypeList list = MechTypeList.of(List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM));
        byte[] expected = tlv(
                0xA0,
                tlv(
                        0x30,
                        explicit(0, tlv(0x30, MechOid.MS_KERBEROS.der(), MechOid.KERBEROS.der(), MechOid.NTLM.der())),
                        explicit(2, tlv(0x04, TOKEN))));
        assertArrayEquals(expected, NegTokenInit.of(list, TOKEN).encode());
    }

    @Test
    void negTokenInit_withMic_isTheDerOfItsFields() {
        MechTypeList list = MechTypeList.of(List.of(MechOid.NTLM));
        byte[] expected = tlv(
                0xA0,
                tlv(
                        0x30,
                        explicit(0, tlv(0x30, MechOid.NTLM.der())),
                        explicit(2, tlv(0x04, TOKEN)),
                        explicit(3, tlv(0x04, new byte[] {1, 2}))));
        assertArrayEquals(
                expected,
                new NegTokenInit(
                                list, java.util.OptionalInt.empty(), Optional.of(TOKEN), Optional.of(new byte[] {1, 2}))
                        .encode());
    }

    @Test
    void negTokenResp_isTheDerOfItsFields() {
        byte[] expected = tlv(
                0xA1,
                tlv(
                        0x30,
                        explicit(0, tlv(0x0A, new byte[] {0})),
                        explicit(1, MechOid.MS_KERBEROS.der()),
                        explicit(2, tlv(0x04, TOKEN))));
        assertArrayEquals(
                expected,
                NegTokenResp.of(NegState.ACCEPT_COMPLETED, MechOid.MS_KERBEROS, TOKEN, null)
                        .encode());
    }

    @Test
    void aListThisJvmSent_decodesToTheSameList() throws Exception {
        MechTypeList list = MechTypeList.of(List.of(MechOid.KERBEROS, MechOid.NTLM));
        NegTokenInit back = (NegTokenInit)
                NegotiationToken.decode(NegTokenInit.of(list, TOKEN).encode());
        // equal, no longer the same instance: the codec keeps no cache of the lists it encoded (issue 14)
        assertEquals(list, back.mechTypes());
        assertArrayEquals(list.der(), back.mechTypes().der());
    }
}
