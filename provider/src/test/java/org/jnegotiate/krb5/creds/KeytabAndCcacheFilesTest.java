package org.jnegotiate.krb5.creds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.kdc.KdcMessages;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * Keytab and ccache files written in MIT's formats by hand, with RFC 8009 keys (etype 20) that Kerby's own
 * readers drop, holes, unimplemented enctypes and every truncation.
 */
class KeytabAndCcacheFilesTest {
    private static final byte[] KEY20 = filled(32, 0x20);
    private static final byte[] KEY18 = filled(32, 0x18);

    @Test
    void keytab_etype20And18_readWith32BitKvno_skippingHoleAndDes() throws Exception {
        List<KeytabKey> keys = KeytabFiles.parse(keytab(), "test");
        assertEquals(2, keys.size());
        assertEquals(
                EncryptionType.AES256_CTS_HMAC_SHA384_192, keys.get(0).key().type());
        assertEquals(300, keys.get(0).kvno()); // from the 32-bit field: the 8-bit one says 300 & 0xFF
        assertArrayEquals(KEY20, keys.get(0).key().bytes());
        assertEquals("HTTP/host.test@R.TEST", keys.get(0).principal().toString());
        assertEquals(EncryptionType.AES256_CTS_HMAC_SHA1_96, keys.get(1).key().type());
        assertEquals(2, keys.get(1).kvno());
    }

    @Test
    void keytab_everyTruncation_failsWithUnknownCredentialsOrReadsFewerKeys() throws Exception {
        byte[] full = keytab();
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            try {
                assertTrue(KeytabFiles.parse(cut, "cut").size() < 2, "length " + n);
            } catch (NegotiateException e) {
                assertEquals(Failure.UNKNOWN_CREDENTIALS, e.failure(), "length " + n);
            }
        }
    }

    @Test
    void keytab_unknownVersion_failsWithUnknownCredentials() {
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> KeytabFiles.parse(new byte[] {5, 9, 0, 0, 0, 0}, "v"));
        assertEquals(Failure.UNKNOWN_CREDENTIALS, e.failure());
    }

    @Test
    void ccache_tgtWithEtype20SessionKey_isRead() throws Exception {
        CcacheFiles.Contents c = CcacheFiles.parse(ccache(Integer.MAX_VALUE), "test");
        assertEquals("alice@R.TEST", c.principal().toString());
        assertEquals(1, c.tickets().size());
        ServiceTicket tgt = c.tgt(Instant.ofEpochSecond(1_700_000_000L)).orElseThrow();
        assertEquals(EncryptionType.AES256_CTS_HMAC_SHA384_192, tgt.sessionKey().type());
        assertArrayEquals(KEY20, tgt.sessionKey().bytes());
        assertEquals("krbtgt/R.TEST@R.TEST", tgt.server().toString());
        assertEquals(20, tgt.ticket().etype());
        assertEquals(2, tgt.ticket().kvno());
    }

    @Test
    void ccache_hugeCount_failsWithUnknownCredentials_withoutAllocating() throws Exception {
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> CcacheFiles.parse(ccache(0x7FFFFFF0), "huge"));
        assertEquals(Failure.UNKNOWN_CREDENTIALS, e.failure());
    }

    @Test
    void ccache_everyTruncation_failsWithUnknownCredentialsOrHasNoTicket() throws Exception {
        byte[] full = ccache(Integer.MAX_VALUE);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            try {
                assertTrue(CcacheFiles.parse(cut, "cut").tickets().isEmpty(), "length " + n);
            } catch (NegotiateException e) {
                assertEquals(Failure.UNKNOWN_CREDENTIALS, e.failure(), "length " + n);
            }
        }
    }

    /** Keytab v0x0502: an etype-20 entry (kvno 300), a hole, a DES entry, an etype-18 entry (kvno 2). */
    private static byte[] keytab() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.writeShort(0x0502);
        entry(out, 20, KEY20, 300, true);
        out.writeInt(-12);
        out.write(new byte[12]);
        entry(out, 3, filled(8, 3), 2, false);
        entry(out, 18, KEY18, 2, false);
        return file.toByteArray();
    }

    private static void entry(DataOutputStream out, int etype, byte[] key, int kvno, boolean kvno32)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(body);
        e.writeShort(2); // components
        counted16(e, "R.TEST");
        counted16(e, "HTTP");
        counted16(e, "host.test");
        e.writeInt(3); // NT-SRV-HST
        e.writeInt(1_700_000_000);
        e.writeByte(kvno & 0xFF);
        e.writeShort(etype);
        e.writeShort(key.length);
        e.write(key);
        if (kvno32) {
            e.writeInt(kvno);
        }
        out.writeInt(body.size());
        out.write(body.toByteArray());
    }

    /** Ccache v0x0504 with alice's TGT, session key etype 20; {@code ticketCount} overrides the ticket's length. */
    private static byte[] ccache(int ticketCount) throws IOException {
        Ticket ticket = new Ticket();
        ticket.setRealm("R.TEST");
        ticket.setSname(new PrincipalName("krbtgt/R.TEST"));
        ticket.setEncryptedEncPart(KrbInts.encryptedData(20, 2, filled(60, 7)));
        byte[] ticketDer;
        try {
            ticketDer = KdcMessages.encode(ticket);
        } catch (NegotiateException e) {
            throw new IOException(e);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.writeShort(0x0504);
        out.writeShort(12); // header: one tag (KDC time offset)
        out.writeShort(1);
        out.writeShort(8);
        out.writeInt(0);
        out.writeInt(0);
        principal(out, 1, "R.TEST", "alice");
        principal(out, 1, "R.TEST", "alice");
        principal(out, 2, "R.TEST", "krbtgt", "R.TEST");
        out.writeShort(20);
        out.writeInt(KEY20.length);
        out.write(KEY20);
        out.writeInt(1_600_000_000); // auth
        out.writeInt(1_600_000_000); // start
        out.writeInt(2_000_000_000); // end
        out.writeInt(0); // renew till
        out.writeByte(0); // is_skey
        out.writeInt(0x40000000); // forwardable
        out.writeInt(0); // addresses
        out.writeInt(0); // authdata
        out.writeInt(ticketCount == Integer.MAX_VALUE ? ticketDer.length : ticketCount);
        out.write(ticketDer);
        out.writeInt(0); // second ticket
        return file.toByteArray();
    }

    private static void principal(DataOutputStream out, int type, String realm, String... components)
            throws IOException {
        out.writeInt(type);
        out.writeInt(components.length);
        counted32(out, realm);
        for (String c : components) {
            counted32(out, c);
        }
    }

    private static void counted16(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static void counted32(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
