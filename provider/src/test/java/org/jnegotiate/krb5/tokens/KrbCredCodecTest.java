package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** KRB-CRED (RFC 4120 section 5.8) built from Kerby ASN.1 types. */
class KrbCredCodecTest {
    private static final KerberosName CLIENT = new KerberosName(1, List.of("alice"), "EXAMPLE.COM");
    private static final KerberosName TGS = KerberosName.tgs("EXAMPLE.COM");

    private static ServiceTicket tgt() {
        Ticket t = new Ticket();
        t.setTktKvno(5);
        t.setRealm("EXAMPLE.COM");
        t.setSname(TGS.toKerby());
        t.setEncryptedEncPart(KrbInts.encryptedData(18, 2, new byte[] {9, 9, 9}));
        Instant now = Instant.parse("2026-01-10T10:00:00Z");
        return new ServiceTicket(t, new Krb5Key(EncryptionType.AES128_CTS_HMAC_SHA1_96, new byte[16]), CLIENT, TGS,
                now, now, now.plusSeconds(3600), Optional.of(now.plusSeconds(7200)), 0x60000000);
    }

    @Test
    void roundTrip_ticketAndCredInfo() throws Exception {
        ServiceTicket tgt = tgt();
        byte[] part = KrbCredCodec.encodeCredPart(tgt, Instant.parse("2026-01-10T10:00:01Z"), 17);
        byte[] cred = KrbCredCodec.encode(tgt.ticket(), KrbCredCodec.ETYPE_NULL, part);
        assertEquals(0x76, cred[0] & 0xFF); // [APPLICATION 22]
        KrbCredCodec.Outer outer = KrbCredCodec.decode(cred);
        assertEquals(0, outer.etype());
        assertArrayEquals(part, outer.encPart());
        assertEquals(0x7D, outer.encPart()[0] & 0xFF); // [APPLICATION 29]
        ServiceTicket back = KrbCredCodec.decodeCredPart(outer.encPart(), outer.ticket(), CLIENT);
        assertEquals(CLIENT, back.client());
        assertEquals(TGS, back.server());
        assertEquals(tgt.endTime(), back.endTime());
        assertEquals(tgt.renewTill(), back.renewTill());
        assertEquals(0x60000000, back.flags());
        assertEquals(EncryptionType.AES128_CTS_HMAC_SHA1_96, back.sessionKey().type());
        assertArrayEquals(KerberosCodec.encode(tgt.ticket()), KerberosCodec.encode(back.ticket()));
    }

    @Test
    void decode_notKrbCred_invalidToken() {
        byte[] apRep = new ApRepMessage(18, new byte[] {1}).encode();
        assertEquals(Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> KrbCredCodec.decode(apRep)).failure());
    }
}
