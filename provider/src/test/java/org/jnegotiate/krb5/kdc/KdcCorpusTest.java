package org.jnegotiate.krb5.kdc;

import org.jnegotiate.testing.Corpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.MethodData;
import org.apache.kerby.kerberos.kerb.type.kdc.AsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.AsReq;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsReq;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.junit.jupiter.api.Test;

/** The KDC messages of /work/shared/corpus/pyspnego (Windows Server 2019, DOMAIN.LOCAL) through Kerby's types. */
class KdcCorpusTest {

    /**
     * pyspnego stores the messages without their [APPLICATION n] wrapper (they start with the inner SEQUENCE,
     * 0x30); the wrapper is put back here so Kerby's message types can decode them.
     */
    private static byte[] read(String name) throws Exception {
        byte[] inner = Corpus.pyspnego(name);
        int app = name.equals("krb_as_req.bin") ? 10 : name.equals("krb_as_rep.bin") ? 11
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
        AsReq req = KdcMessages.decode(read("krb_as_req.bin"), AsReq.class);
        assertEquals(10, req.getMsgType().getValue());
        assertEquals(List.of("vagrant-domain"), req.getReqBody().getCname().getNameStrings());
        assertEquals("DOMAIN.LOCAL", req.getReqBody().getRealm());
        List<PaDataEntry> pa = req.getPaData().getElements();
        assertEquals(2, pa.get(0).getPaDataType().getValue());
        assertEquals(18, KdcMessages.decode(pa.get(0).getPaDataValue(), EncryptedData.class).getEType().getValue());
        assertEquals(149, pa.get(1).getPaDataType().getValue());
        assertEquals(0, pa.get(1).getPaDataValue().length);
    }

    @Test
    void asRep_decodes() throws Exception {
        AsRep rep = KdcMessages.decode(read("krb_as_rep.bin"), AsRep.class);
        assertEquals(11, rep.getMsgType().getValue());
        assertNotNull(rep.getTicket());
    }

    @Test
    void tgsReq_decodesService() throws Exception {
        TgsReq req = KdcMessages.decode(read("krb_tgs_req.bin"), TgsReq.class);
        assertEquals(12, req.getMsgType().getValue());
        assertEquals(List.of("HTTP", "server2019.domain.local"), req.getReqBody().getSname().getNameStrings());
        assertEquals(3, req.getReqBody().getSname().getNameType().getValue());
    }

    @Test
    void tgsRep_decodes() throws Exception {
        TgsRep rep = KdcMessages.decode(read("krb_tgs_rep.bin"), TgsRep.class);
        assertEquals(13, rep.getMsgType().getValue());
    }

    @Test
    void krbError_isPreauthRequiredWithMethodData() throws Exception {
        KrbError e = KdcMessages.errorOrNull(read("krb_error.bin"));
        assertEquals(30, e.getMsgType().getValue());
        assertEquals(25, KdcMessages.errorCode(e));
        assertEquals(List.of("krbtgt", "DOMAIN.LOCAL"), e.getSname().getNameStrings());
        assertNotNull(KdcMessages.decode(e.getEdata(), MethodData.class).getElements());
    }

    /** Which messages Kerby re-encodes byte for byte; printed for the report, asserted where exact. */
    @Test
    void roundTrip_reEncodesExactly() throws Exception {
        record Case(String file, Class<? extends org.apache.kerby.asn1.type.Asn1Type> type) {
        }
        StringBuilder notExact = new StringBuilder();
        for (Case c : List.of(new Case("krb_as_req.bin", AsReq.class), new Case("krb_as_rep.bin", AsRep.class),
                new Case("krb_tgs_req.bin", TgsReq.class), new Case("krb_tgs_rep.bin", TgsRep.class),
                new Case("krb_error.bin", KrbError.class))) {
            byte[] der = read(c.file());
            byte[] again = KdcMessages.encode(KdcMessages.decode(der, c.type()));
            if (!java.util.Arrays.equals(der, again)) {
                notExact.append(c.file()).append(' ');
            }
        }
        System.out.println("KdcCorpusTest: not re-encoded exactly by Kerby: [" + notExact.toString().trim() + "]");
        assertEquals("", notExact.toString().trim());
    }
}
