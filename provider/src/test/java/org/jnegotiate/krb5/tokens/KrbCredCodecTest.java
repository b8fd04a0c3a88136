package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Der;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** KRB-CRED (RFC 4120 section 5.8): built with Kerby's types, read by the project's DER reader. */
class KrbCredCodecTest {
    private static final KerberosName CLIENT = new KerberosName(1, List.of("alice"), "EXAMPLE.COM");
    private static final KerberosName TGS = KerberosName.tgs("EXAMPLE.COM");

    private static ServiceTicket tgt() throws NegotiateException {
        Ticket t = new Ticket();
        t.setTktKvno(5);
        t.setRealm("EXAMPLE.COM");
        t.setSname(TGS.toKerby());
        t.setEncryptedEncPart(KrbInts.encryptedData(18, 2, new byte[] {9, 9, 9}));
        Instant now = Instant.parse("2026-01-10T10:00:00Z");
        return new ServiceTicket(
                TicketCodec.of(t),
                new Krb5Key(EncryptionType.AES128_CTS_HMAC_SHA1_96, new byte[16]),
                CLIENT,
                TGS,
                now,
                now,
                now.plusSeconds(3600),
                Optional.of(now.plusSeconds(7200)),
                0x60000000);
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
        assertArrayEquals(tgt.ticket().der(), back.ticket().der());
        assertArrayEquals(tgt.ticket().der(), outer.ticket().der());
    }

    @Test
    void decode_notKrbCred_invalidToken() {
        byte[] apRep = KerbyEncoding.apRep(18, new byte[] {1});
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> KrbCredCodec.decode(apRep))
                        .failure());
    }

    @Test
    void decode_everyTruncation_invalidToken() throws Exception {
        ServiceTicket tgt = tgt();
        byte[] part = KrbCredCodec.encodeCredPart(tgt, Instant.parse("2026-01-10T10:00:01Z"), 17);
        byte[] cred = KrbCredCodec.encode(tgt.ticket(), KrbCredCodec.ETYPE_NULL, part);
        for (int len = 0; len < cred.length; len++) {
            byte[] cut = Arrays.copyOf(cred, len);
            assertInvalid(() -> KrbCredCodec.decode(cut));
        }
        for (int len = 0; len < part.length; len++) {
            byte[] cut = Arrays.copyOf(part, len);
            assertInvalid(() -> KrbCredCodec.decodeCredPart(cut, tgt.ticket(), CLIENT));
        }
    }

    @Test
    void decode_twoTicketsOrNone_orWrongMsgType_invalidToken() throws Exception {
        byte[] ticket = tgt().ticket().der();
        byte[] enc = Der.ctx(3, Der.seq(Der.ctx(0, Der.integer(0)), Der.ctx(2, Der.octets(new byte[] {1}))));
        assertInvalid(() -> KrbCredCodec.decode(Der.app(
                22,
                Der.seq(
                        Der.ctx(0, Der.integer(5)),
                        Der.ctx(1, Der.integer(22)),
                        Der.ctx(2, Der.seq(ticket, ticket)),
                        enc))));
        assertInvalid(() -> KrbCredCodec.decode(Der.app(
                22, Der.seq(Der.ctx(0, Der.integer(5)), Der.ctx(1, Der.integer(22)), Der.ctx(2, Der.seq()), enc))));
        assertInvalid(() -> KrbCredCodec.decode(Der.app(
                22,
                Der.seq(Der.ctx(0, Der.integer(5)), Der.ctx(1, Der.integer(21)), Der.ctx(2, Der.seq(ticket)), enc))));
        KrbCredCodec.Outer ok = KrbCredCodec.decode(Der.app(
                22,
                Der.seq(Der.ctx(0, Der.integer(5)), Der.ctx(1, Der.integer(22)), Der.ctx(2, Der.seq(ticket)), enc)));
        assertArrayEquals(ticket, ok.ticket().der());
        assertEquals(TGS, ok.ticket().server());
    }

    @Test
    void decodeCredPart_defaultsAndMalformed() throws Exception {
        ServiceTicket tgt = tgt();
        byte[] key = Der.ctx(0, Der.seq(Der.ctx(0, Der.integer(17)), Der.ctx(1, Der.octets(new byte[16]))));
        byte[] end = Der.ctx(6, Der.time("20260110110000Z"));
        // only key and endtime: the names come from the authenticated client and the ticket
        ServiceTicket minimal = KrbCredCodec.decodeCredPart(
                Der.app(29, Der.seq(Der.ctx(0, Der.seq(Der.seq(key, end))))), tgt.ticket(), CLIENT);
        assertEquals(CLIENT, minimal.client());
        assertEquals(TGS, minimal.server());
        assertEquals(0, minimal.flags());
        assertEquals(Instant.parse("2026-01-10T11:00:00Z"), minimal.endTime());
        // no endtime; two infos; [APPLICATION 28]; key of an unknown enctype
        assertInvalid(() -> KrbCredCodec.decodeCredPart(
                Der.app(29, Der.seq(Der.ctx(0, Der.seq(Der.seq(key))))), tgt.ticket(), CLIENT));
        assertInvalid(() -> KrbCredCodec.decodeCredPart(
                Der.app(29, Der.seq(Der.ctx(0, Der.seq(Der.seq(key, end), Der.seq(key, end))))), tgt.ticket(), CLIENT));
        assertInvalid(() -> KrbCredCodec.decodeCredPart(
                Der.app(28, Der.seq(Der.ctx(0, Der.seq(Der.seq(key, end))))), tgt.ticket(), CLIENT));
        byte[] oddKey = Der.ctx(0, Der.seq(Der.ctx(0, Der.integer(99)), Der.ctx(1, Der.octets(new byte[16]))));
        assertInvalid(() -> KrbCredCodec.decodeCredPart(
                Der.app(29, Der.seq(Der.ctx(0, Der.seq(Der.seq(oddKey, end))))), tgt.ticket(), CLIENT));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e) {
        assertEquals(
                Failure.INVALID_TOKEN, assertThrows(NegotiateException.class, e).failure());
    }
}
