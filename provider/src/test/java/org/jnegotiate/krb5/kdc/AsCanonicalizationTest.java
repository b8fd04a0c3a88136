package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2;
import org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry;
import org.apache.kerby.kerberos.kerb.type.kdc.AsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.EncKdcRepPart;
import org.apache.kerby.kerberos.kerb.type.pa.PaData;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataType;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * RFC 6806 name canonicalization in the AS exchange, against forged KDC replies (no KDC here canonicalizes an
 * alias: MIT 1.20 has no enterprise names; the Samba AD suite shows a real one): an enterprise name answered with the
 * account's canonical name is accepted when the KDC protected the exchange with PA-REQ-ENC-PA-REP, and refused
 * otherwise, with a wrong checksum, without the checksum the flag announces, or with a server that is no TGS of the
 * client's realm; the fallback to the account name happens only when the KDC does not know the enterprise name.
 */
class AsCanonicalizationTest {
    private static final KerberosName UPN =
            new KerberosName(KerberosName.NT_ENTERPRISE, List.of("alice@upn.test"), ForgedKdc.REALM);
    private static final int CHECKSUM_HMAC_SHA1_96_AES256 = 16;

    /** How the forged KDC answers one AS-REQ. */
    private record Answer(
            KerberosName client, KerberosName server, int flags, boolean checksum, boolean checksumOverOther) {}

    private static byte[] der(int identifier, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        byte[] c = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(identifier);
        if (c.length < 0x80) {
            out.write(c.length);
        } else if (c.length < 0x100) {
            out.write(0x81);
            out.write(c.length);
        } else {
            out.write(0x82);
            out.write(c.length >>> 8);
            out.write(c.length);
        }
        out.writeBytes(c);
        return out.toByteArray();
    }

    /** The EncASRepPart with encrypted-pa-data [12] { PA-REQ-ENC-PA-REP { checksum over {@code covered} } }. */
    private static byte[] withEncPaRep(byte[] encPart, byte[] covered) throws NegotiateException {
        Krb5Key key = ForgedKdc.aliceKey();
        Krb5Cipher c = Krb5Ciphers.of(key, new SecureRandom());
        byte[] sum = c.checksum(AsExchange.USAGE_AS_REQ, covered, 0, covered.length);
        c.destroy();
        byte[] checksum =
                der(0x30, der(0xA0, der(0x02, new byte[] {CHECKSUM_HMAC_SHA1_96_AES256})), der(0xA1, der(0x04, sum)));
        byte[] paData = der(
                0x30, der(0x30, der(0xA1, der(0x02, new byte[] {0x00, (byte) 149})), der(0xA2, der(0x04, checksum))));
        DerElement root = Asn1Tree.parse(encPart, 0, encPart.length, "EncASRepPart");
        DerElement seq = root.explicitValue();
        byte[] fields = java.util.Arrays.copyOfRange(encPart, seq.bodyStart(), seq.end());
        return der(0x79, der(0x30, fields, der(0xAC, paData)));
    }

    private static byte[] asRep(byte[] request, Answer a) throws NegotiateException {
        EncKdcRepPart part = ForgedKdc.part(25, a.server, ForgedKdc.nonce(request), 18, new byte[32]);
        part.setFlags(new TicketFlags(a.flags));
        byte[] plain = KdcMessages.encode(part);
        if (a.checksum) {
            byte[] covered = request.clone();
            if (a.checksumOverOther) {
                covered[covered.length - 1] ^= 1;
            }
            plain = withEncPaRep(plain, covered);
        }
        // as a KDC does: the salt of the account's key, which the enterprise name does not tell
        AsRep rep = new AsRep();
        EtypeInfo2Entry entry = new EtypeInfo2Entry();
        entry.setEtype(org.apache.kerby.kerberos.kerb.type.base.EncryptionType.AES256_CTS_HMAC_SHA1_96);
        entry.setSalt(ForgedKdc.REALM + "alice");
        EtypeInfo2 info = new EtypeInfo2();
        info.add(entry);
        PaData padata = new PaData();
        padata.addElement(new PaDataEntry(PaDataType.ETYPE_INFO2, KdcMessages.encode(info)));
        rep.setPaData(padata);
        return ForgedKdc.reply(rep, a.client, a.server, plain, ForgedKdc.aliceKey(), AsExchange.USAGE_AS_REP_ENC_PART);
    }

    /** An AS exchange whose KDC answers each request in turn; the requests are kept. */
    private static AsExchange kdc(List<byte[]> requests, Object... answers) throws NegotiateException {
        KdcClient client = KdcClient.of(Krb5Config.parse(ForgedKdc.CONF), (k, request, tcp, timeout) -> {
            requests.add(request);
            Object a = answers[requests.size() - 1];
            try {
                return a instanceof Answer answer ? asRep(request, answer) : (byte[]) a;
            } catch (NegotiateException e) {
                throw new AssertionError(e);
            }
        });
        return new AsExchange(KdcContexts.of(client, false));
    }

    private static ClientKeys password() {
        return ClientKeys.password(ForgedKdc.PASSWORD.toCharArray());
    }

    private static TicketOptions options() throws NegotiateException {
        return TicketOptions.fromConfig(Krb5Config.parse(ForgedKdc.CONF));
    }

    /** The cname's name-type and the kdc-options of an AS-REQ, and whether it carries padata 149. */
    private record Sent(int nameType, boolean canonicalize, boolean encPaRepAsked) {}

    private static Sent sent(byte[] request) throws NegotiateException {
        return Asn1Tree.bind(request, "AS-REQ", root -> {
            DerElement[] req = Asn1Tree.fields(Asn1Tree.application(root, 10, "AS-REQ"), 5, "AS-REQ");
            boolean asked = false;
            if (req[3] != null) {
                for (DerElement pa : Asn1Tree.sequenceOf(req[3], "padata")) {
                    asked |= Asn1Tree.int32(Asn1Tree.fields(pa, 3, "PA-DATA")[1], "type") == 149;
                }
            }
            DerElement[] body = Asn1Tree.fields(req[4], 12, "req-body");
            int options = Asn1Tree.kerberosFlags(body[0], "kdc-options");
            int nameType = Asn1Tree.int32(Asn1Tree.fields(body[1], 2, "cname")[0], "name-type");
            return new Sent(nameType, (options & (1 << (31 - 15))) != 0, asked);
        });
    }

    private static final int FLAGS = 0x40000000;
    private static final int FLAGS_ENC_PA_REP = FLAGS | org.jnegotiate.krb5.kdc.EncKdcRepPart.FLAG_ENC_PA_REP;

    @Test
    void enterpriseName_canonicalNameWithEncPaRep_accepted() throws NegotiateException {
        List<byte[]> requests = new ArrayList<>();
        ServiceTicket tgt = kdc(requests, new Answer(ForgedKdc.ALICE, ForgedKdc.TGS, FLAGS_ENC_PA_REP, true, false))
                .requestTgt(UPN, password(), options());
        assertEquals("alice@R.TEST", tgt.client().toString());
        assertEquals(new Sent(KerberosName.NT_ENTERPRISE, true, true), sent(requests.get(0)));
    }

    @Test
    void enterpriseName_canonicalNameWithoutEncPaRep_wrongPrincipal() throws NegotiateException {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), new Answer(ForgedKdc.ALICE, ForgedKdc.TGS, FLAGS, false, false))
                        .requestTgt(UPN, password(), options()));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals(
                "wrong principal: the KDC answered for client alice@R.TEST instead of alice\\@upn.test@R.TEST "
                        + "without PA-REQ-ENC-PA-REP (RFC 6806 section 11): the new name is not protected, so it is refused",
                e.getMessage());
    }

    @Test
    void encPaRepOverAnotherRequest_messageAltered() throws NegotiateException {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), new Answer(ForgedKdc.ALICE, ForgedKdc.TGS, FLAGS_ENC_PA_REP, true, true))
                        .requestTgt(UPN, password(), options()));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
        assertTrue(
                e.getMessage().contains("the KDC's PA-REQ-ENC-PA-REP does not match the AS-REQ sent"), e.getMessage());
    }

    @Test
    void encPaRepFlagWithoutChecksum_messageAltered() throws NegotiateException {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), new Answer(UPN, ForgedKdc.TGS, FLAGS_ENC_PA_REP, false, false))
                        .requestTgt(UPN, password(), options()));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure());
        assertEquals(
                "message altered: the AS-REP has the enc-pa-rep flag but no PA-REQ-ENC-PA-REP (removed on the "
                        + "way?)",
                e.getMessage());
    }

    @Test
    void encPaRepFlagWithoutChecksum_notAsked_accepted() throws NegotiateException {
        // MIT's KDC sets the flag on every AS reply; only a client that asked expects the checksum
        ServiceTicket tgt = kdc(
                        new ArrayList<>(), new Answer(ForgedKdc.ALICE, ForgedKdc.TGS, FLAGS_ENC_PA_REP, false, false))
                .requestTgt(ForgedKdc.ALICE, password(), options());
        assertEquals("alice@R.TEST", tgt.client().toString());
    }

    @Test
    void canonicalizing_serverNotTheTgsOfTheClientsRealm_wrongPrincipal() throws NegotiateException {
        KerberosName other = KerberosName.tgs("OTHER.TEST");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), new Answer(ForgedKdc.ALICE, other, FLAGS_ENC_PA_REP, true, false))
                        .requestTgt(UPN, password(), options()));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals(
                "wrong principal: KDC reply is for server krbtgt/OTHER.TEST@OTHER.TEST, not krbtgt/R.TEST@R.TEST",
                e.getMessage());
    }

    @Test
    void notCanonicalizing_changedClient_wrongPrincipal() throws NegotiateException {
        KerberosName bob = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("bob"), ForgedKdc.REALM);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), new Answer(bob, ForgedKdc.TGS, FLAGS_ENC_PA_REP, true, false))
                        .requestTgt(ForgedKdc.ALICE, password(), options()));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals("wrong principal: KDC reply is for client bob@R.TEST, not alice@R.TEST", e.getMessage());
    }

    @Test
    void loginName_enterpriseUnknown_fallsBackToTheAccountStillCanonicalizing() throws NegotiateException {
        List<byte[]> requests = new ArrayList<>();
        ServiceTicket tgt = kdc(
                        requests,
                        ForgedKdc.error(6, null),
                        new Answer(ForgedKdc.ALICE, ForgedKdc.TGS, FLAGS_ENC_PA_REP, true, false))
                .requestTgt(new LoginName(UPN, Optional.of(ForgedKdc.ALICE)), password(), options());
        assertEquals("alice@R.TEST", tgt.client().toString());
        assertEquals(new Sent(KerberosName.NT_ENTERPRISE, true, true), sent(requests.get(0)));
        assertEquals(new Sent(KerberosName.NT_PRINCIPAL, true, true), sent(requests.get(1)));
    }

    @Test
    void loginName_otherErrors_noFallback() throws NegotiateException {
        List<byte[]> requests = new ArrayList<>();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(requests, ForgedKdc.error(24, null))
                        .requestTgt(new LoginName(UPN, Optional.of(ForgedKdc.ALICE)), password(), options()));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(24, e.minor());
        assertEquals(1, requests.size());
    }

    @Test
    void loginName_unknownWithoutFallback_logonDeniedNamingTheEnterpriseName() throws NegotiateException {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> kdc(new ArrayList<>(), ForgedKdc.error(6, null))
                        .requestTgt(new LoginName(UPN, Optional.empty()), password(), options()));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertTrue(e.getMessage().contains("the KDC does not know the client alice\\@upn.test@R.TEST"), e.getMessage());
    }
}
