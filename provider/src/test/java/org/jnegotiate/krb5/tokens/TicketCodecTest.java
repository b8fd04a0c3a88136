package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Der;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** A ticket kept as its DER: read by the project's reader, written back byte for byte. */
class TicketCodecTest {
    private static final KerberosName HTTP =
            new KerberosName(KerberosName.NT_SRV_HST, List.of("HTTP", "web"), "R.TEST");

    private static byte[] kerbyTicket(Integer kvno) {
        Ticket t = new Ticket();
        t.setRealm(HTTP.realm());
        t.setSname(HTTP.toKerby());
        t.setEncryptedEncPart(KrbInts.encryptedData(20, kvno, new byte[] {1, 2, 3}));
        return KerberosCodec.encode(t);
    }

    private static void assertInvalid(byte[] der) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> TicketCodec.decode(der));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void decode_kerbyTicket_keepsBytesAndReadsNames() throws Exception {
        byte[] der = kerbyTicket(-3);
        EncodedTicket t = TicketCodec.decode(der);
        assertEquals(HTTP, t.server());
        assertEquals(20, t.etype());
        assertEquals(-3, t.kvno()); // a UInt32 above 2^31 kept in an int, as everywhere
        assertArrayEquals(der, t.der());
        assertNotSame(t.der(), t.der());
        assertNull(TicketCodec.decode(kerbyTicket(null)).kvno());
    }

    @Test
    void decode_wrongVersionTagOrShape_invalidToken() {
        byte[] sname = Der.ctx(2, Der.seq(Der.ctx(0, Der.integer(3)), Der.ctx(1, Der.seq(Der.generalString("HTTP")))));
        byte[] enc = Der.ctx(3, Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(2, Der.octets(new byte[] {1}))));
        byte[] realm = Der.ctx(1, Der.generalString("R.TEST"));
        assertInvalid(Der.app(1, Der.seq(Der.ctx(0, Der.integer(4)), realm, sname, enc)));
        assertInvalid(Der.app(2, Der.seq(Der.ctx(0, Der.integer(5)), realm, sname, enc)));
        assertInvalid(Der.app(1, Der.seq(Der.ctx(0, Der.integer(5)), realm, sname)));
        assertInvalid(Der.app(1, Der.seq(Der.ctx(0, Der.integer(5)), sname, enc)));
        assertInvalid(Der.app(
                1,
                Der.seq(Der.ctx(0, Der.integer(5)), realm, sname, Der.ctx(3, Der.seq(Der.ctx(0, Der.integer(18)))))));
    }

    @Test
    void decode_everyTruncation_invalidToken() {
        byte[] der = kerbyTicket(2);
        for (int len = 0; len < der.length; len++) {
            assertInvalid(Arrays.copyOf(der, len));
        }
        assertInvalid(Arrays.copyOf(der, der.length + 1));
    }
}
