package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.MethodData;
import org.apache.kerby.kerberos.kerb.type.kdc.AsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.AsReq;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsReq;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.jnegotiate.krb5.tokens.KerbyDecoding;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The KDC messages of the pyspnego corpus (Windows Server 2019, DOMAIN.LOCAL): through Kerby's types (the
 * reference), and the replies through the client's own binders, compared with it.
 */
class KdcCorpusTest {

    /**
     * pyspnego stores the messages without their [APPLICATION n] wrapper (they start with the inner SEQUENCE,
     * 0x30); the wrapper is put back here so Kerby's message types can decode them.
     */
    private static byte[] read(String name) throws Exception {
        byte[] inner = Corpus.pyspnego(name);
        int app = name.equals("krb_as_req.bin")
                ? 10
                : name.equals("krb_as_rep.bin")
                        ? 11
                        : name.equals("krb_tgs_req.bin") ? 12 : name.equals("krb_tgs_rep.bin") ? 13 : 30;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x60 | app);
        int n = inner.length;
        if (n < 128) {
            out.write(n);
        } else if (n < 256) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xFF);
        }
        out.write(inner);
        return out.toByteArray();
    }

    @Test
    void asReq_decodesWithEncTimestampAndPaPacOptions() throws Exception {
        AsReq req = KerbyDecoding.decode(read("krb_as_req.bin"), AsReq.class);
        assertEquals(10, req.getMsgType().getValue());
        assertEquals(List.of("vagrant-domain"), req.getReqBody().getCname().getNameStrings());
        assertEquals("DOMAIN.LOCAL", req.getReqBody().getRealm());
        List<PaDataEntry> pa = req.getPaData().getElements();
        assertEquals(2, pa.get(0).getPaDataType().getValue());
        assertEquals(
                18,
                KerbyDecoding.decode(pa.get(0).getPaDataValue(), EncryptedData.class)
                        .getEType()
                        .getValue());
        assertEquals(149, pa.get(1).getPaDataType().getValue());
        assertEquals(0, pa.get(1).getPaDataValue().length);
    }

    @Test
    void asRep_decodes() throws Exception {
        AsRep rep = KerbyDecoding.decode(read("krb_as_rep.bin"), AsRep.class);
        assertEquals(11, rep.getMsgType().getValue());
        assertNotNull(rep.getTicket());
    }

    @Test
    void asRep_boundByOwnReader_matchesKerby() throws Exception {
        byte[] der = read("krb_as_rep.bin");
        AsRep kerby = KerbyDecoding.decode(der, AsRep.class);
        KdcReply rep = KdcReply.decode(der, KdcReply.AS_REP);
        assertEquals(kerby.getCname().getNameStrings(), rep.client().components());
        assertEquals(kerby.getCrealm(), rep.client().realm());
        assertEquals(
                kerby.getTicket().getSname().getNameStrings(),
                rep.ticket().server().components());
        assertEquals(kerby.getTicket().getRealm(), rep.ticket().server().realm());
        assertArrayEquals(KdcMessages.encode(kerby.getTicket()), rep.ticket().der());
        assertEquals(
                KerbyDecoding.etype(kerby.getEncryptedEncPart()), rep.encPart().etype());
        assertArrayEquals(kerby.getEncryptedEncPart().getCipher(), rep.encPart().cipher());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> KdcReply.decode(der, KdcReply.TGS_REP))
                        .failure());
    }

    @Test
    void tgsRep_boundByOwnReader_matchesKerby() throws Exception {
        byte[] der = read("krb_tgs_rep.bin");
        TgsRep kerby = KerbyDecoding.decode(der, TgsRep.class);
        KdcReply rep = KdcReply.decode(der, KdcReply.TGS_REP);
        assertEquals(kerby.getCname().getNameStrings(), rep.client().components());
        assertEquals(
                List.of("HTTP", "server2019.domain.local"),
                rep.ticket().server().components());
        assertArrayEquals(KdcMessages.encode(kerby.getTicket()), rep.ticket().der());
        assertArrayEquals(kerby.getEncryptedEncPart().getCipher(), rep.encPart().cipher());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> KdcReply.decode(der, KdcReply.AS_REP))
                        .failure());
    }

    @Test
    void tgsReq_decodesService() throws Exception {
        TgsReq req = KerbyDecoding.decode(read("krb_tgs_req.bin"), TgsReq.class);
        assertEquals(12, req.getMsgType().getValue());
        assertEquals(
                List.of("HTTP", "server2019.domain.local"),
                req.getReqBody().getSname().getNameStrings());
        assertEquals(3, req.getReqBody().getSname().getNameType().getValue());
    }

    @Test
    void tgsRep_decodes() throws Exception {
        TgsRep rep = KerbyDecoding.decode(read("krb_tgs_rep.bin"), TgsRep.class);
        assertEquals(13, rep.getMsgType().getValue());
    }

    @Test
    void krbError_isPreauthRequiredWithMethodData() throws Exception {
        KrbError e = KerbyDecoding.decode(read("krb_error.bin"), KrbError.class);
        assertEquals(30, e.getMsgType().getValue());
        assertEquals(List.of("krbtgt", "DOMAIN.LOCAL"), e.getSname().getNameStrings());
        assertNotNull(KerbyDecoding.decode(e.getEdata(), MethodData.class).getElements());
        KdcError own = KdcError.decodeOrNull(read("krb_error.bin"));
        assertEquals(25, own.code());
        assertEquals("KDC_ERR_PREAUTH_REQUIRED", own.codeName());
        assertArrayEquals(e.getEdata(), own.eData().orElseThrow());
        List<EtypeInfo2.Entry> entries = EtypeInfo2.fromMethodData(own.eData().orElseThrow());
        assertFalse(entries.isEmpty());
        assertEquals(18, entries.get(0).etype()); // Windows Server 2019 offers AES256 first
        assertTrue(
                entries.get(0).salt().orElseThrow().startsWith("DOMAIN.LOCAL"),
                entries.get(0).salt().get());
    }

    /** Which messages Kerby re-encodes byte for byte; printed for the report, asserted where exact. */
    @Test
    void roundTrip_reEncodesExactly() throws Exception {
        record Case(String file, Class<? extends org.apache.kerby.asn1.type.Asn1Type> type) {}
        StringBuilder notExact = new StringBuilder();
        for (Case c : List.of(
                new Case("krb_as_req.bin", AsReq.class),
                new Case("krb_as_rep.bin", AsRep.class),
                new Case("krb_tgs_req.bin", TgsReq.class),
                new Case("krb_tgs_rep.bin", TgsRep.class),
                new Case("krb_error.bin", KrbError.class))) {
            byte[] der = read(c.file());
            byte[] again = KdcMessages.encode(KerbyDecoding.decode(der, c.type()));
            if (!java.util.Arrays.equals(der, again)) {
                notExact.append(c.file()).append(' ');
            }
        }
        System.out.println("KdcCorpusTest: not re-encoded exactly by Kerby: ["
                + notExact.toString().trim() + "]");
        assertEquals("", notExact.toString().trim());
    }
}
