package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry;
import org.apache.kerby.kerberos.kerb.type.kdc.AsReq;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
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
        NegotiateException e = assertThrows(NegotiateException.class, () -> new AsExchange(client, false).requestTgt(
                KerberosName.parse("alice", "R.TEST", KerberosName.NT_PRINCIPAL),
                ClientKeys.password("pw".toCharArray()), TicketOptions.fromConfig(client.config())));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        AsReq req = KdcMessages.decode(sent.get(0), AsReq.class);
        assertEquals(List.of(20, 19, 18, 17), KrbInts.etypes(req.getReqBody()));
    }

    @Test
    void etypeInfo2Entry_etype20_isReadAsNumber() throws Exception {
        EtypeInfo2Entry entry = new EtypeInfo2Entry();
        entry.setEtype(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        entry.setSalt("R.TESTalice");
        byte[] der = KdcMessages.encode(entry);
        // [0] INTEGER 18 -> 20: what an MIT KDC of an aes256-sha2 realm sends
        int at = indexOf(der, new byte[] {(byte) 0xA0, 0x03, 0x02, 0x01, 0x12});
        der[at + 4] = 0x14;
        EtypeInfo2Entry decoded = KdcMessages.decode(der, EtypeInfo2Entry.class);
        assertEquals(EncryptionType.NONE, decoded.getEtype()); // why KrbInts exists
        assertEquals(20, KrbInts.etype(decoded));
        assertEquals("R.TESTalice", decoded.getSalt());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
