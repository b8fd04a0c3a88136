package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KrbTree;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.junit.jupiter.api.Test;

/**
 * PA-FOR-USER as MS-SFU 2.2.1 defines it, read back with JNegotiate's own DER reader; its HMAC-MD5 checksum against
 * the RFC 4757 checksum of the rc4-hmac cipher (the same algorithm; PA-FOR-USER uses it with any session key).
 * The exchange itself is tested against the Samba AD DC (SambaAdConstrainedDelegationConformanceTest).
 */
class S4uExchangeTest {

    @Test
    void paForUser_fieldsAndChecksum() throws Exception {
        byte[] keyBytes = new byte[16];
        Arrays.fill(keyBytes, (byte) 0x42);
        Krb5Key sessionKey = new Krb5Key(EncryptionType.RC4_HMAC, keyBytes);
        KerberosName service = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("front"), "AD.EXAMPLE.TEST");
        KerberosName tgs = KerberosName.tgs("AD.EXAMPLE.TEST");
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        ServiceTicket tgt = new ServiceTicket(
                TicketCodec.of(ticket(tgs)),
                sessionKey,
                service,
                tgs,
                now,
                now,
                now.plusSeconds(3600),
                Optional.empty(),
                0);
        KerberosName user = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("alice"), "AD.EXAMPLE.TEST");

        byte[] der = S4uExchange.paForUser(user, tgt);

        Asn1Tree.bind(der, "PA-FOR-USER", root -> {
            DerElement[] f = Asn1Tree.fields(root, 4, "PA-FOR-USER");
            assertEquals(user, KrbTree.principal(f[0], f[1], "userName"));
            DerElement[] cksum = Asn1Tree.fields(Asn1Tree.required(f[2], "cksum"), 2, "Checksum");
            assertEquals(-138, Asn1Tree.int32(cksum[0], "cksumtype"));
            // name-type 1 (little-endian), the name, the realm, the auth-package
            byte[] text = "aliceAD.EXAMPLE.TESTKerberos".getBytes(StandardCharsets.UTF_8);
            byte[] signed = new byte[4 + text.length];
            signed[0] = 1;
            System.arraycopy(text, 0, signed, 4, text.length);
            assertArrayEquals(
                    Krb5Ciphers.of(sessionKey, new SecureRandom()).checksum(17, signed, 0, signed.length),
                    Asn1Tree.octets(cksum[1], "checksum"));
            assertEquals("Kerberos", Asn1Tree.generalString(f[3], "auth-package"));
            return null;
        });
    }

    @Test
    void hmacMd5Checksum_isRfc4757sChecksum() throws Exception {
        byte[] keyBytes = new byte[16];
        Arrays.fill(keyBytes, (byte) 0x42);
        byte[] data = "some data".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(
                Krb5Ciphers.of(new Krb5Key(EncryptionType.RC4_HMAC, keyBytes), new SecureRandom())
                        .checksum(17, data, 0, data.length),
                S4uExchange.hmacMd5Checksum(keyBytes, 17, data));
    }

    @Test
    void derLengths_shortAndLongForms() {
        assertArrayEquals(new byte[] {0x04, 0x01, 0x07}, S4uExchange.Der.tlv(0x04, new byte[] {7}));
        byte[] l200 = S4uExchange.Der.tlv(0x04, new byte[200]);
        assertArrayEquals(new byte[] {0x04, (byte) 0x81, (byte) 200}, Arrays.copyOf(l200, 3));
        byte[] l300 = S4uExchange.Der.tlv(0x04, new byte[300]);
        assertArrayEquals(new byte[] {0x04, (byte) 0x82, 0x01, 0x2C}, Arrays.copyOf(l300, 4));
        assertEquals(304, l300.length);
    }

    private static org.apache.kerby.kerberos.kerb.type.ticket.Ticket ticket(KerberosName server) {
        org.apache.kerby.kerberos.kerb.type.ticket.Ticket t = new org.apache.kerby.kerberos.kerb.type.ticket.Ticket();
        t.setTktKvno(5);
        t.setRealm(server.realm());
        t.setSname(server.toKerby());
        t.setEncryptedEncPart(org.jnegotiate.krb5.tokens.KrbInts.encryptedData(18, 1, new byte[32]));
        return t;
    }
}
