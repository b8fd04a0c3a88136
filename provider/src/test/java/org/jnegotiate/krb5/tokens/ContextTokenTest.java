package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/** Framing and AP-REQ/AP-REP decoding, against the Windows Server 2019 captures of the token corpus. */
class ContextTokenTest {
    private static byte[] corpus(String name) {
        return Corpus.pyspnego(name);
    }

    @Test
    void corpusApReq_decodesWithTheRecordedFacts() throws Exception {
        byte[] bytes = corpus("initial_context_token_krb_ap_req.bin");
        ContextToken token = ContextToken.decode(bytes);
        assertEquals(ContextTokenId.AP_REQ, token.id());
        assertEquals(MechOid.KERBEROS, token.framedWith().orElseThrow());
        ApReqMessage req = ApReqMessage.decode(token.message());
        assertEquals(0x20000000, req.apOptions());
        assertTrue(req.mutualRequired());
        assertEquals("DOMAIN.LOCAL", req.server().realm());
        assertEquals(List.of("host", "dc01"), req.server().components());
        assertEquals(3, req.server().nameType());
        assertEquals(18, req.ticketEtype());
        // msg-type 14, read independently through Kerby
        assertEquals(
                ApReqMessage.MSG_TYPE,
                KerbyDecoding.decode(token.message(), ApReq.class, "AP-REQ")
                        .getMsgType()
                        .getValue());
    }

    @Test
    void corpusApReq_framingRoundTripsByteForByte() throws Exception {
        byte[] bytes = corpus("initial_context_token_krb_ap_req.bin");
        ContextToken token = ContextToken.decode(bytes);
        byte[] inner = ContextToken.inner(token.id(), token.message());
        assertArrayEquals(bytes, GssFraming.wrap(MechOid.KERBEROS, inner));
    }

    @Test
    void corpusApReq_derReencodesByteForByte() throws Exception {
        byte[] message = ContextToken.decode(corpus("initial_context_token_krb_ap_req.bin"))
                .message();
        assertArrayEquals(message, KerberosCodec.encode(KerbyDecoding.decode(message, ApReq.class, "AP-REQ")));
    }

    @Test
    void corpusApRep_decodesWithTheRecordedFacts() throws Exception {
        byte[] bytes = corpus("initial_context_token_krb_ap_rep.bin");
        ContextToken token = ContextToken.decode(bytes);
        assertEquals(ContextTokenId.AP_REP, token.id());
        ApRepMessage rep = ApRepMessage.decode(token.message());
        assertEquals(18, rep.etype());
        assertEquals(
                ApRepMessage.MSG_TYPE,
                KerbyDecoding.decode(token.message(), ApRep.class, "AP-REP")
                        .getMsgType()
                        .getValue());
        assertArrayEquals(bytes, GssFraming.wrap(MechOid.KERBEROS, ContextToken.inner(token.id(), token.message())));
        assertArrayEquals(
                ContextToken.inner(token.id(), token.message()),
                ApRepMessage.encodeToken(rep.etype(), rep.encryptedPart()));
    }

    @Test
    void bareToken_decodedWithoutFraming() throws Exception {
        ContextToken t = ContextToken.decode(new byte[] {2, 0, 0x30, 0});
        assertEquals(ContextTokenId.AP_REP, t.id());
        assertTrue(t.framedWith().isEmpty());
        assertArrayEquals(new byte[] {0x30, 0}, t.message());
    }

    @Test
    void msKerberosFraming_recognised() throws Exception {
        byte[] framed = GssFraming.wrap(MechOid.MS_KERBEROS, new byte[] {1, 0, 5});
        assertEquals(
                MechOid.MS_KERBEROS, ContextToken.decode(framed).framedWith().orElseThrow());
    }

    @Test
    void longFraming_lengthEncodedInTwoOctets() throws Exception {
        byte[] inner = new byte[300];
        inner[0] = 1;
        byte[] framed = GssFraming.wrap(MechOid.KERBEROS, inner);
        assertEquals(0x82, framed[1] & 0xFF);
        assertEquals(298, ContextToken.decode(framed).message().length);
    }

    @Test
    void decode_unknownTokId_invalidToken() {
        assertInvalid(new byte[] {4, 4, 0, 0});
        assertInvalid(new byte[] {1, 1, 0x30, 0});
    }

    @Test
    void decode_otherMechanismOid_invalidToken() {
        assertInvalid(GssFraming.wrap(MechOid.NTLM, new byte[] {1, 0}));
    }

    @Test
    void decode_everyTruncationOfCorpusToken_invalidToken() throws Exception {
        byte[] bytes = corpus("initial_context_token_krb_ap_req.bin");
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(NegotiateException.class, () -> {
                ContextToken t = ContextToken.decode(cut);
                ApReqMessage.decode(t.message());
            });
        }
    }

    @Test
    void decode_hostileLengths_invalidToken() {
        assertInvalid(null);
        assertInvalid(new byte[] {0x60});
        assertInvalid(new byte[] {0x60, (byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertInvalid(new byte[] {0x60, (byte) 0x80, 6, 0});
        assertInvalid(new byte[] {0x60, 3, 6, 9, 1});
    }

    @Test
    void kerberosCodec_trailingGarbage_invalidToken() throws Exception {
        byte[] message = ContextToken.decode(corpus("initial_context_token_krb_ap_rep.bin"))
                .message();
        byte[] longer = Arrays.copyOf(message, message.length + 1);
        NegotiateException e = assertThrows(NegotiateException.class, () -> ApRepMessage.decode(longer));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        NegotiateException e2 = assertThrows(
                NegotiateException.class, () -> ApReqMessage.decode(message)); // an AP-REP is not an AP-REQ
        assertEquals(Failure.INVALID_TOKEN, e2.failure());
    }

    private static void assertInvalid(byte[] t) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> ContextToken.decode(t));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void krbInts_writesTypesKerbyHasNoEnumFor_readBackAsSent() throws Exception {
        byte[] der = KerberosCodec.encode(KrbInts.checksum(GssChecksum.TYPE, new byte[24]));
        assertEquals(
                0x8003,
                org.jnegotiate.asn1.Asn1Tree.bind(der, "checksum", KrbTree::checksum)
                        .type());
        byte[] ed = KerberosCodec.encode(KrbInts.encryptedData(20, null, new byte[] {1}));
        KrbTree.EncData d = org.jnegotiate.asn1.Asn1Tree.bind(ed, "ed", root -> KrbTree.encryptedData(root, "ed"));
        assertEquals(20, d.etype());
        assertNull(d.kvno());
        KrbInts.IntEncryptedData own = (KrbInts.IntEncryptedData) KrbInts.encryptedData(19, 7, new byte[] {1});
        assertEquals(19, KrbInts.etype(own));
        assertEquals(7, KrbInts.kvno(own));
    }
}
