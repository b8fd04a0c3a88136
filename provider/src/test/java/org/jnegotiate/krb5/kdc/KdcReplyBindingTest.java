package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.kdc.AsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.EncKdcRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsRep;
import org.jnegotiate.asn1.Der;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.Test;

/** The client's own binders of KDC replies: KDC-REP, EncKDCRepPart, KRB-ERROR, METHOD-DATA / ETYPE-INFO2. */
class KdcReplyBindingTest {

    private static byte[] asRepDer(int nonce) throws NegotiateException {
        byte[] plain = KdcMessages.encode(ForgedKdc.part(25, ForgedKdc.TGS, nonce, 18, new byte[32]));
        return ForgedKdc.reply(new AsRep(), ForgedKdc.ALICE, ForgedKdc.TGS, plain, ForgedKdc.aliceKey(), 3);
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e, String what) {
        NegotiateException x = assertThrows(NegotiateException.class, e, what);
        assertEquals(Failure.INVALID_TOKEN, x.failure(), what + ": " + x.getMessage());
    }

    @Test
    void kdcReply_kerbyAsRep_bindsNamesTicketAndEncPart() throws Exception {
        byte[] der = asRepDer(7);
        KdcReply rep = KdcReply.decode(der, KdcReply.AS_REP);
        assertEquals(ForgedKdc.ALICE, rep.client());
        assertEquals(ForgedKdc.TGS, rep.ticket().server());
        assertArrayEquals(
                KdcMessages.encode(ForgedKdc.ticket(ForgedKdc.TGS)),
                rep.ticket().der());
        assertEquals(18, rep.encPart().etype());
        assertNull(rep.encPart().kvno());
        assertEquals(List.of(), rep.etypeInfo());
    }

    @Test
    void kdcReply_wrongMessageType_invalidToken() throws Exception {
        byte[] as = asRepDer(7);
        assertInvalid(() -> KdcReply.decode(as, KdcReply.TGS_REP), "AS-REP read as TGS-REP");
        byte[] tgs = ForgedKdc.reply(
                new TgsRep(),
                ForgedKdc.ALICE,
                ForgedKdc.TGS,
                KdcMessages.encode(ForgedKdc.part(26, ForgedKdc.TGS, 7, 18, new byte[32])),
                ForgedKdc.aliceKey(),
                8);
        assertInvalid(() -> KdcReply.decode(tgs, KdcReply.AS_REP), "TGS-REP read as AS-REP");
        // msg-type 13 inside [APPLICATION 11]
        byte[] mixed = as.clone();
        int at = Bytes.find(mixed, new byte[] {(byte) 0xA1, 0x03, 0x02, 0x01, 0x0B});
        mixed[at + 4] = 0x0D;
        assertInvalid(() -> KdcReply.decode(mixed, KdcReply.AS_REP), "msg-type 13 in an AS-REP");
        byte[] pvno4 = as.clone();
        pvno4[Bytes.find(pvno4, new byte[] {(byte) 0xA0, 0x03, 0x02, 0x01, 0x05}) + 4] = 4;
        assertInvalid(() -> KdcReply.decode(pvno4, KdcReply.AS_REP), "pvno 4");
    }

    @Test
    void kdcReply_ticketVersion4_invalidToken() throws Exception {
        byte[] der = asRepDer(7);
        // the ticket's tkt-vno: [APPLICATION 1] ... [0] INTEGER 5, the first A0 03 02 01 05 after the 0x61
        int ticket = Bytes.find(der, new byte[] {0x61});
        int vno = Bytes.find(
                Arrays.copyOfRange(der, ticket, der.length), new byte[] {(byte) 0xA0, 0x03, 0x02, 0x01, 0x05});
        der[ticket + vno + 4] = 4;
        assertInvalid(() -> KdcReply.decode(der, KdcReply.AS_REP), "tkt-vno 4");
    }

    @Test
    void kdcReply_everyTruncation_invalidToken() throws Exception {
        byte[] der = asRepDer(7);
        for (int len = 0; len < der.length; len++) {
            byte[] cut = Arrays.copyOf(der, len);
            assertInvalid(() -> KdcReply.decode(cut, KdcReply.AS_REP), "truncated to " + len);
        }
        byte[] longer = Arrays.copyOf(der, der.length + 1);
        assertInvalid(() -> KdcReply.decode(longer, KdcReply.AS_REP), "trailing byte");
    }

    @Test
    void kdcReply_padataEtypeInfo2_kept() throws Exception {
        AsRep rep = new AsRep();
        org.apache.kerby.kerberos.kerb.type.pa.PaData pa = new org.apache.kerby.kerberos.kerb.type.pa.PaData();
        for (org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry e : org.jnegotiate.krb5.tokens.KerbyDecoding.decode(
                        ForgedKdc.methodData("R.TESTsalty"), org.apache.kerby.kerberos.kerb.type.base.MethodData.class)
                .getElements()) {
            pa.addElement(e);
        }
        rep.setPaData(pa);
        byte[] der = ForgedKdc.reply(
                rep,
                ForgedKdc.ALICE,
                ForgedKdc.TGS,
                KdcMessages.encode(ForgedKdc.part(25, ForgedKdc.TGS, 7, 18, new byte[32])),
                ForgedKdc.aliceKey(),
                3);
        KdcReply bound = KdcReply.decode(der, KdcReply.AS_REP);
        assertEquals(1, bound.etypeInfo().size());
        assertEquals(18, bound.etypeInfo().get(0).etype());
        assertEquals(Optional.of("R.TESTsalty"), bound.etypeInfo().get(0).salt());
        assertNull(bound.etypeInfo().get(0).s2kParams());
    }

    @Test
    void encKdcRepPart_asAndTgsTags_bind() throws Exception {
        for (int tag : new int[] {25, 26}) {
            EncKdcRepPart p = ForgedKdc.part(tag, ForgedKdc.TGS, -2, 20, new byte[32]);
            org.jnegotiate.krb5.kdc.EncKdcRepPart bound =
                    org.jnegotiate.krb5.kdc.EncKdcRepPart.decode(KdcMessages.encode(p));
            assertEquals(20, bound.keyType()); // RFC 8009: a number Kerby's enum cannot name
            assertEquals(32, bound.keyValue().length());
            assertEquals(0xFFFFFFFEL, bound.nonce()); // a UInt32 sent as a negative Int32
            assertEquals(0x40000000, bound.flags());
            assertEquals(ForgedKdc.TGS, bound.server());
            assertEquals(ForgedKdc.END, bound.endTime());
            assertEquals(java.time.Instant.ofEpochSecond(1_700_000_000L), bound.authTime());
            assertEquals(Optional.empty(), bound.renewTill());
        }
    }

    @Test
    void encKdcRepPart_malformed_invalidToken() throws Exception {
        byte[] good = KdcMessages.encode(ForgedKdc.part(25, ForgedKdc.TGS, 7, 18, new byte[32]));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertInvalid(() -> org.jnegotiate.krb5.kdc.EncKdcRepPart.decode(cut), "truncated to " + len);
        }
        byte[] otherTag = good.clone();
        otherTag[0] = 0x7B; // [APPLICATION 27]
        assertInvalid(() -> org.jnegotiate.krb5.kdc.EncKdcRepPart.decode(otherTag), "[APPLICATION 27]");
        // nonce [2] missing: a part with only key, srealm, sname, endtime
        byte[] noNonce = Der.app(
                25,
                Der.seq(
                        Der.ctx(0, Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(1, Der.octets(new byte[32])))),
                        Der.ctx(7, Der.time("20990101000000Z")),
                        Der.ctx(9, Der.generalString("R.TEST")),
                        Der.ctx(
                                10,
                                Der.seq(
                                        Der.ctx(0, Der.integer(2)),
                                        Der.ctx(
                                                1,
                                                Der.seq(Der.generalString("krbtgt"), Der.generalString("R.TEST")))))));
        assertInvalid(() -> org.jnegotiate.krb5.kdc.EncKdcRepPart.decode(noNonce), "no nonce");
        byte[] withNonce = Der.app(
                25,
                Der.seq(
                        Der.ctx(0, Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(1, Der.octets(new byte[32])))),
                        Der.ctx(2, Der.integer(1L << 32)),
                        Der.ctx(7, Der.time("20990101000000Z")),
                        Der.ctx(9, Der.generalString("R.TEST")),
                        Der.ctx(
                                10,
                                Der.seq(
                                        Der.ctx(0, Der.integer(2)),
                                        Der.ctx(
                                                1,
                                                Der.seq(Der.generalString("krbtgt"), Der.generalString("R.TEST")))))));
        assertInvalid(() -> org.jnegotiate.krb5.kdc.EncKdcRepPart.decode(withNonce), "nonce beyond UInt32");
    }

    @Test
    void kdcError_kerbyEncoded_keepsCodeTextAndEData() throws Exception {
        byte[] md = ForgedKdc.methodData("R.TESTx");
        KdcError e = KdcError.decodeOrNull(ForgedKdc.error(25, md));
        assertEquals(25, e.code());
        assertEquals("KDC_ERR_PREAUTH_REQUIRED", e.codeName());
        assertEquals(Optional.of("forged"), e.text());
        assertArrayEquals(md, e.eData().orElseThrow());
        List<EtypeInfo2.Entry> entries = EtypeInfo2.fromMethodData(md);
        assertEquals(1, entries.size());
        assertEquals(Optional.of("R.TESTx"), entries.get(0).salt());
        assertFalse(KdcError.decodeOrNull(ForgedKdc.error(6, null)).eData().isPresent());
    }

    @Test
    void kdcError_unknownCode_keptAsSent() throws Exception {
        // Kerby's encoder only writes codes it knows: 99 is patched in ([6] INTEGER 24 -> 99)
        byte[] der = ForgedKdc.error(24, null);
        der[Bytes.find(der, new byte[] {(byte) 0xA6, 0x03, 0x02, 0x01, 0x18}) + 4] = 99;
        KdcError e = KdcError.decodeOrNull(der);
        assertEquals(99, e.code());
        assertEquals("unknown error", e.codeName());
        NegotiateException x = KdcErrors.toException(e, "alice@R.TEST");
        assertEquals(Failure.INTERNAL_ERROR, x.failure());
        assertEquals(99, x.minor());
    }

    @Test
    void kdcError_notAnError_null_andMalformed_invalidToken() throws Exception {
        assertNull(KdcError.decodeOrNull(new byte[0]));
        assertNull(KdcError.decodeOrNull(asRepDer(7)));
        byte[] der = ForgedKdc.error(52, null);
        for (int len = 1; len < der.length; len++) {
            byte[] cut = Arrays.copyOf(der, len);
            assertInvalid(() -> KdcError.decodeOrNull(cut), "truncated to " + len);
            assertFalse(KdcMessages.isResponseTooBig(cut));
        }
        assertTrue(KdcMessages.isResponseTooBig(der));
        assertFalse(KdcMessages.isResponseTooBig(ForgedKdc.error(25, null)));
        assertFalse(KdcMessages.isResponseTooBig(new byte[] {0x7E, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, 0}));
    }

    @Test
    void etypeInfo2_malformed_invalidToken() {
        byte[] entry = Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(1, Der.generalString("salt")));
        byte[] good = Der.seq(Der.seq(Der.ctx(1, Der.integer(19)), Der.ctx(2, Der.octets(Der.seq(entry)))));
        assertEquals(1, assertDoesNotThrow(good).size());
        byte[] tagZero = Der.seq(Der.seq(
                Der.ctx(0, Der.integer(1)), Der.ctx(1, Der.integer(19)), Der.ctx(2, Der.octets(Der.seq(entry)))));
        assertInvalid(() -> EtypeInfo2.fromMethodData(tagZero), "PA-DATA [0]");
        byte[] saltOctets = Der.seq(Der.seq(
                Der.ctx(1, Der.integer(19)),
                Der.ctx(2, Der.octets(Der.seq(Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(1, Der.octets(new byte[] {'s'
                }))))))));
        assertInvalid(() -> EtypeInfo2.fromMethodData(saltOctets), "salt as OCTET STRING");
        byte[] valueNotDer =
                Der.seq(Der.seq(Der.ctx(1, Der.integer(19)), Der.ctx(2, Der.octets(new byte[] {0x30, 0x05}))));
        assertInvalid(() -> EtypeInfo2.fromMethodData(valueNotDer), "ETYPE-INFO2 value truncated");
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertInvalid(() -> EtypeInfo2.fromMethodData(cut), "truncated to " + len);
        }
    }

    private static List<EtypeInfo2.Entry> assertDoesNotThrow(byte[] methodData) {
        try {
            return EtypeInfo2.fromMethodData(methodData);
        } catch (NegotiateException e) {
            throw new AssertionError(e);
        }
    }
}
