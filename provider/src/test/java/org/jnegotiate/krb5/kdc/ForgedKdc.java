package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.LastReq;
import org.apache.kerby.kerberos.kerb.type.base.LastReqEntry;
import org.apache.kerby.kerberos.kerb.type.base.LastReqType;
import org.apache.kerby.kerberos.kerb.type.base.MethodData;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.kdc.AsRep;
import org.apache.kerby.kerberos.kerb.type.kdc.EncAsRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.EncKdcRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.EncTgsRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcRep;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsRep;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataType;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StringToKey;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.NegotiateException;

/**
 * KDC replies built with Kerby's encoder, as a KDC (or an attacker who knows the password) would send them, for
 * the client's binders and exchanges: an AS-REP for alice@R.TEST with password "pw", a TGS-REP, KRB-ERRORs.
 */
final class ForgedKdc {
    static final String REALM = "R.TEST";
    static final String PASSWORD = "pw";
    static final KerberosName ALICE = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("alice"), REALM);
    static final KerberosName TGS = KerberosName.tgs(REALM);
    static final Instant END = Instant.parse("2099-01-01T00:00:00Z");
    static final String CONF = "[libdefaults]\n default_realm = R.TEST\n dns_lookup_kdc = false\n max_retries = 1\n"
            + " default_tkt_enctypes = aes256-cts\n default_tgs_enctypes = aes256-cts\n"
            + "[realms]\n R.TEST = {\n kdc = 127.0.0.1:1\n }\n";

    private ForgedKdc() {}

    /** Alice's AES256 key with the default salt. */
    static Krb5Key aliceKey() throws NegotiateException {
        return StringToKey.derive(
                EncryptionType.AES256_CTS_HMAC_SHA1_96,
                PASSWORD.toCharArray(),
                (REALM + "alice").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null);
    }

    /** A ticket for {@code server} with an opaque enc-part. */
    static Ticket ticket(KerberosName server) {
        Ticket t = new Ticket();
        t.setRealm(server.realm());
        t.setSname(server.toKerby());
        t.setEncryptedEncPart(KrbInts.encryptedData(18, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        return t;
    }

    /** The nonce of a KDC-REQ: [APPLICATION 10 or 12] SEQUENCE { ..., req-body [4] { ..., nonce [7] UInt32 } }. */
    static int nonce(byte[] request) throws NegotiateException {
        return Asn1Tree.bind(request, "KDC-REQ", root -> {
            int app = root.isApplication(10) ? 10 : 12;
            DerElement[] req = Asn1Tree.fields(Asn1Tree.application(root, app, "KDC-REQ"), 5, "KDC-REQ");
            DerElement[] body = Asn1Tree.fields(req[4], 12, "req-body");
            return (int) Asn1Tree.unsigned32(body[7], "nonce");
        });
    }

    /** The EncASRepPart (tag 25) or EncTGSRepPart (tag 26) of a reply to {@code server} with {@code nonce}. */
    static EncKdcRepPart part(int tag, KerberosName server, int nonce, int keyType, byte[] key) {
        EncKdcRepPart p = tag == 25 ? new EncAsRepPart() : new EncTgsRepPart();
        p.setKey(KrbInts.encryptionKey(keyType, key));
        LastReq lastReq = new LastReq();
        LastReqEntry entry = new LastReqEntry();
        entry.setLrType(LastReqType.NONE);
        entry.setLrValue(new KerberosTime(0));
        lastReq.add(entry);
        p.setLastReq(lastReq);
        p.setNonce(nonce);
        p.setFlags(new TicketFlags(0x40000000));
        p.setAuthTime(new KerberosTime(1_700_000_000_000L));
        p.setStartTime(new KerberosTime(1_700_000_000_000L));
        p.setEndTime(new KerberosTime(END.toEpochMilli()));
        p.setSrealm(server.realm());
        p.setSname(server.toKerby());
        return p;
    }

    /** A KDC-REP of {@code rep}'s type around {@code plainPart} encrypted with {@code key} (usage {@code usage}). */
    static byte[] reply(KdcRep rep, KerberosName client, KerberosName server, byte[] plainPart, Krb5Key key, int usage)
            throws NegotiateException {
        rep.setCname(client.toKerby());
        rep.setCrealm(client.realm());
        rep.setTicket(ticket(server));
        Krb5Cipher c = Krb5Ciphers.of(key, new SecureRandom());
        try {
            rep.setEncryptedEncPart(
                    KrbInts.encryptedData(key.type().id(), null, c.encrypt(usage, plainPart, 0, plainPart.length)));
        } finally {
            c.destroy();
        }
        return KdcMessages.encode(rep);
    }

    /** A valid AS-REP for alice answering {@code request}, its encrypted part changed by {@code part}. */
    static byte[] asRep(byte[] request, UnaryOperator<EncKdcRepPart> change) throws NegotiateException {
        Krb5Key key = aliceKey();
        byte[] session = new byte[32];
        byte[] plain = KdcMessages.encode(change.apply(part(25, TGS, nonce(request), 18, session)));
        return reply(new AsRep(), ALICE, TGS, plain, key, AsExchange.USAGE_AS_REP_ENC_PART);
    }

    /** alice's TGT as this KDC issues it (an AS exchange against {@link #asRep}): session key of 32 zero bytes. */
    static org.jnegotiate.krb5.ticket.ServiceTicket tgt() throws NegotiateException {
        KdcClient kdc = KdcClient.of(org.jnegotiate.krb5.config.Krb5Config.parse(CONF), (k, request, tcp, timeout) -> {
            try {
                return asRep(request, UnaryOperator.identity());
            } catch (NegotiateException e) {
                throw new AssertionError(e);
            }
        });
        return new AsExchange(KdcContexts.of(kdc, false))
                .requestTgt(ALICE, ClientKeys.password(PASSWORD.toCharArray()), TicketOptions.fromConfig(kdc.config()));
    }

    /** A TGS-REP for {@code server} encrypted in {@code tgtSession}. */
    static byte[] tgsRep(byte[] request, KerberosName server, Krb5Key tgtSession) throws NegotiateException {
        byte[] plain = KdcMessages.encode(part(26, server, nonce(request), 18, new byte[32]));
        return reply(new TgsRep(), ALICE, server, plain, tgtSession, TgsExchange.USAGE_TGS_REP_ENC_PART);
    }

    /** A KRB-ERROR with {@code code}, and {@code eData} when not null. */
    static byte[] error(int code, byte[] eData) throws NegotiateException {
        KrbError e = new KrbError();
        e.setStime(new KerberosTime(1_700_000_000_000L));
        e.setSusec(0);
        e.setErrorCode(KrbErrorCode.fromValue(code));
        e.setRealm(REALM);
        e.setSname(new PrincipalName("krbtgt/" + REALM));
        e.setEtext("forged");
        if (eData != null) {
            e.setEdata(eData);
        }
        return KdcMessages.encode(e);
    }

    /** METHOD-DATA with a PA-ETYPE-INFO2 naming etype 18 and {@code salt}. */
    static byte[] methodData(String salt) throws NegotiateException {
        org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry entry =
                new org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry();
        entry.setEtype(org.apache.kerby.kerberos.kerb.type.base.EncryptionType.AES256_CTS_HMAC_SHA1_96);
        entry.setSalt(salt);
        org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2 info =
                new org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2();
        info.add(entry);
        MethodData md = new MethodData();
        md.add(new PaDataEntry(PaDataType.ETYPE_INFO2, KdcMessages.encode(info)));
        md.add(new PaDataEntry(PaDataType.ENC_TIMESTAMP, new byte[0]));
        return KdcMessages.encode(md);
    }
}
