package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.Der;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.tokens.KerbyDecoding;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.Test;

/** The RFC 8009 etypes (19, 20), which Kerby's enums cannot name, survive encoding and decoding as numbers. */
class Rfc8009OnTheWireTest {
    private static final String CONF = "[libdefaults]\n default_realm = R.TEST\n dns_lookup_kdc = false\n"
            + " max_retries = 1\n default_tkt_enctypes = aes256-sha2 aes128-sha2 aes256-cts aes128-cts rc4-hmac\n"
            + "[realms]\n R.TEST = {\n kdc = 127.0.0.1:1\n }\n";

    @Test
    void asReq_listsEtypes20And19_asNumbers_inConfigOrder_withoutWeakOnes() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        KdcTransport capture = (kdc, request, tcp, timeout) -> {
            sent.add(request);
            throw new IOException("refused");
        };
        KdcClient client = KdcClient.of(Krb5Config.parse(CONF), capture);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new AsExchange(KdcContexts.of(client, false))
                        .requestTgt(
                                KerberosName.parse("alice", "R.TEST", KerberosName.NT_PRINCIPAL),
                                ClientKeys.password("pw".toCharArray()),
                                TicketOptions.fromConfig(client.config())));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(List.of(20, 19, 18, 17), requestedEtypes(sent.get(0)));
    }

    @Test
    void etypeInfo2Entry_etype20_isReadAsNumber() throws Exception {
        EtypeInfo2Entry entry = new EtypeInfo2Entry();
        entry.setEtype(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        entry.setSalt("R.TESTalice");
        byte[] der = KdcMessages.encode(entry);
        // [0] INTEGER 18 -> 20: what an MIT KDC of an aes256-sha2 realm sends
        int at = Bytes.find(der, new byte[] {(byte) 0xA0, 0x03, 0x02, 0x01, 0x12});
        der[at + 4] = 0x14;
        EtypeInfo2Entry viaKerby = KerbyDecoding.decode(der, EtypeInfo2Entry.class);
        assertEquals(EncryptionType.NONE, viaKerby.getEtype()); // why the client reads KDC replies itself
        byte[] methodData = Der.seq(
                Der.seq(Der.ctx(1, Der.integer(EtypeInfo2.PA_ETYPE_INFO2)), Der.ctx(2, Der.octets(Der.seq(der)))));
        List<EtypeInfo2.Entry> entries = EtypeInfo2.fromMethodData(methodData);
        assertEquals(1, entries.size());
        assertEquals(20, entries.get(0).etype());
        assertEquals(Optional.of("R.TESTalice"), entries.get(0).salt());
    }

    /**
     * The etype list of an AS-REQ, read with the project's reader: AS-REQ ::= [APPLICATION 10] KDC-REQ,
     * KDC-REQ ::= SEQUENCE { pvno [1], msg-type [2], padata [3] OPTIONAL, req-body [4] KDC-REQ-BODY },
     * etype [8] SEQUENCE OF Int32 in the body.
     */
    private static List<Integer> requestedEtypes(byte[] asReq) throws NegotiateException {
        return Asn1Tree.bind(asReq, "AS-REQ", root -> {
            DerElement[] req = Asn1Tree.fields(Asn1Tree.application(root, 10, "AS-REQ"), 5, "AS-REQ");
            DerElement[] body = Asn1Tree.fields(req[4], 12, "req-body");
            List<Integer> out = new ArrayList<>();
            for (DerElement e : Asn1Tree.sequenceOf(body[8], "etype")) {
                out.add(Asn1Tree.int32(e, "etype"));
            }
            return out;
        });
    }
}
