package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOption;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOptions;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcReqBody;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsReq;
import org.apache.kerby.kerberos.kerb.type.pa.PaData;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataType;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlag;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The TGS exchange (RFC 4120 3.3): a service ticket (or a forwarded TGT) from a TGT. The PA-TGS-REQ
 * carries an AP-REQ whose authenticator (usage 7) holds a checksum over the DER req-body with the session
 * key's mandatory checksum type (usage 6); no subkey, so the reply is decrypted with the TGT session key
 * (usage 8). Cross-realm: one hop of direct trust ({@code krbtgt/SERVICE.REALM@CLIENT.REALM}); KDC referrals
 * (canonicalize) are not followed.
 */
public final class TgsExchange {
    static final int USAGE_TGS_REQ_CKSUM = 6;
    static final int USAGE_TGS_REQ_AUTHENTICATOR = 7;
    static final int USAGE_TGS_REP_ENC_PART = 8;
    private static final System.Logger LOG = System.getLogger(TgsExchange.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Krb5Config config;
    private final KdcClient kdc;
    private final boolean allowWeakCrypto;

    public TgsExchange(KdcClient kdc, boolean allowWeakCrypto) {
        this.config = kdc.config();
        this.kdc = kdc;
        this.allowWeakCrypto = allowWeakCrypto;
    }

    /**
     * A ticket for {@code service} with {@code tgt}.
     *
     * @throws NegotiateException TARGET_UNKNOWN when the KDC does not know the service, NO_AUTHENTICATING_AUTHORITY
     *                            when no KDC answers, CREDENTIALS_EXPIRED for an expired TGT
     */
    public ServiceTicket request(ServiceTicket tgt, KerberosName service, TicketOptions options) throws NegotiateException {
        String tgtRealm = tgsRealm(tgt);
        if (!service.realm().equals(tgtRealm) && !isTgs(service)) {
            // Direct trust: first a cross-realm TGT from our KDC, then the ticket from the service's realm.
            ServiceTicket cross = request(tgt, new KerberosName(KerberosName.NT_SRV_INST,
                    List.of("krbtgt", service.realm()), tgtRealm), options);
            try {
                return request(cross, service, options);
            } finally {
                cross.sessionKey().destroy();
            }
        }
        if (tgt.isExpired(Instant.now())) {
            throw new NegotiateException(Failure.CREDENTIALS_EXPIRED, "the TGT of " + tgt.client() + " expired at "
                    + tgt.endTime());
        }
        List<EncryptionType> etypes = Krb5Config.applyPolicy(config.defaultTgsEnctypes(), allowWeakCrypto);
        if (etypes.isEmpty()) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "no usable enctype in default_tgs_enctypes "
                    + config.defaultTgsEnctypes());
        }
        int nonce = RANDOM.nextInt() & 0x7FFFFFFF;
        KdcReqBody body = body(tgt, service, options, etypes, nonce);
        TgsReq req = new TgsReq();
        req.setReqBody(body);
        PaData pa = new PaData();
        pa.addElement(new PaDataEntry(PaDataType.TGS_REQ, apReq(tgt, KdcMessages.encode(body))));
        req.setPaData(pa);

        byte[] reply = kdc.send(tgtRealm, KdcMessages.encode(req));
        KdcError error = KdcError.decodeOrNull(reply);
        if (error != null) {
            throw KdcErrors.toException(error, service.toString());
        }
        KdcReply rep = KdcReply.decode(reply, KdcReply.TGS_REP);
        EncKdcRepPart enc = KdcReplies.openEncPart(rep, tgt.sessionKey(), USAGE_TGS_REP_ENC_PART);
        ServiceTicket st = KdcReplies.toTicket(rep, enc, nonce, tgt.client(), service, options.canonicalize());
        LOG.log(System.Logger.Level.DEBUG, "got ticket for {0} ({1}) until {2}", service,
                st.sessionKey().type().krb5Name(), st.endTime());
        return st;
    }

    /** Constrained delegation (MS-SFU) through the same KDCs. */
    public S4uExchange s4u() {
        return new S4uExchange(kdc, allowWeakCrypto);
    }

    private KdcReqBody body(ServiceTicket tgt, KerberosName service, TicketOptions options, List<EncryptionType> etypes,
            int nonce) throws NegotiateException {
        boolean tgtForwardable = new TicketFlags(tgt.flags()).isFlagSet(TicketFlag.FORWARDABLE);
        if (options.forwarded() && !tgtForwardable) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "delegation needs a forwardable TGT, and the TGT of "
                    + tgt.client() + " is not forwardable (set forwardable = true in krb5.conf or kinit -f)");
        }
        KdcOptions kdcOptions = new KdcOptions();
        kdcOptions.setFlag(KdcOption.FORWARDABLE, options.forwardable() && tgtForwardable);
        kdcOptions.setFlag(KdcOption.FORWARDED, options.forwarded());
        kdcOptions.setFlag(KdcOption.CANONICALIZE, options.canonicalize());
        KdcReqBody body = KrbInts.kdcReqBody(etypes.stream().map(EncryptionType::id).toList());
        body.setKdcOptions(kdcOptions);
        body.setRealm(service.realm());
        body.setSname(service.toKerby());
        Instant till = Instant.now().plus(options.lifetime());
        body.setTill(KdcMessages.time(till.isAfter(tgt.endTime()) ? tgt.endTime() : till));
        body.setNonce(nonce);
        // no addresses: a forwarded TGT is addressless so that it can be used from the delegate's host
        return body;
    }

    static byte[] apReq(ServiceTicket tgt, byte[] bodyDer) throws NegotiateException {
        Instant now = Instant.now();
        Authenticator auth = new Authenticator();
        auth.setAuthenticatorVno(5);
        auth.setCrealm(tgt.client().realm());
        auth.setCname(tgt.client().toKerby());
        EncryptionType kt = tgt.sessionKey().type();
        byte[] encAuth;
        Krb5Cipher cipher = Krb5Ciphers.of(tgt.sessionKey());
        try {
            // raw numbers: Kerby's enums lack the RFC 8009 checksum types and enctypes (19, 20)
            auth.setCksum(KrbInts.checksum(kt.checksumType(),
                    cipher.checksum(USAGE_TGS_REQ_CKSUM, bodyDer, 0, bodyDer.length)));
            auth.setCtime(KdcMessages.time(now));
            auth.setCusec((now.getNano() / 1000) % 1_000_000);
            byte[] plain = KdcMessages.encode(auth);
            encAuth = cipher.encrypt(USAGE_TGS_REQ_AUTHENTICATOR, plain, 0, plain.length);
        } finally {
            cipher.destroy();
        }
        return ApReqMessage.encode(false, tgt.ticket(), kt.id(), encAuth);
    }

    private static boolean isTgs(KerberosName name) {
        return name.components().size() == 2 && name.components().get(0).equals("krbtgt");
    }

    static String tgsRealm(ServiceTicket tgt) throws NegotiateException {
        if (!isTgs(tgt.server())) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "not a TGT: " + tgt.server());
        }
        return tgt.server().components().get(1); // krbtgt/SERVICE.REALM@CLIENT.REALM is used at SERVICE.REALM
    }
}
