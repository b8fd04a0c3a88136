package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.kdc.AsReq;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOption;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOptions;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcReqBody;
import org.apache.kerby.kerberos.kerb.type.pa.PaData;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataType;
import org.apache.kerby.kerberos.kerb.type.pa.PaEncTsEnc;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The AS exchange (RFC 4120 3.1): gets a TGT for a client with a password or long-term keys. Tries once
 * without pre-authentication; on KDC_ERR_PREAUTH_REQUIRED reads PA-ETYPE-INFO2 (salt, s2kparams), derives
 * the key and sends PA-ENC-TIMESTAMP (RFC 4120 5.2.7.2, key usage 1). Decrypts the AS-REP enc-part (usage 3)
 * and checks its nonce and names. Stateless apart from what the constructor is given.
 */
public final class AsExchange {
    static final int USAGE_PA_ENC_TIMESTAMP = 1;
    static final int USAGE_AS_REP_ENC_PART = 3;
    private static final int ERR_PREAUTH_REQUIRED = 25;
    private static final System.Logger LOG = System.getLogger(AsExchange.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Krb5Config config;
    private final KdcClient kdc;
    private final boolean allowWeakCrypto;

    public AsExchange(KdcClient kdc, boolean allowWeakCrypto) {
        this.config = kdc.config();
        this.kdc = kdc;
        this.allowWeakCrypto = allowWeakCrypto;
    }

    /**
     * A TGT ({@code krbtgt/REALM@REALM}) for {@code client}.
     *
     * @throws NegotiateException LOGON_DENIED for an unknown client or a wrong password/key,
     *                            NO_AUTHENTICATING_AUTHORITY when no KDC answers, TIME_SKEW, UNSUPPORTED_FUNCTION
     *                            when no enctype is shared, INTERNAL_ERROR (minor = Kerberos code) otherwise
     */
    public ServiceTicket requestTgt(KerberosName client, ClientKeys keys, TicketOptions options) throws NegotiateException {
        KerberosName tgs = KerberosName.tgs(client.realm());
        List<EncryptionType> etypes = etypes(keys);
        int nonce = RANDOM.nextInt() & 0x7FFFFFFF;
        KdcReqBody body = body(client, tgs, options, etypes, nonce);

        byte[] reply = kdc.send(client.realm(), encode(body, null));
        KdcError error = KdcError.decodeOrNull(reply);
        Krb5Key replyKey = null;
        try {
            if (error != null && error.code() == ERR_PREAUTH_REQUIRED) {
                Salted s = chooseFromEtypeInfo(error.eData(), etypes, client, keys);
                replyKey = s.key;
                LOG.log(System.Logger.Level.DEBUG, "KDC requires pre-authentication for {0}; using {1}", client,
                        replyKey.type().krb5Name());
                reply = kdc.send(client.realm(), encode(body, encTimestamp(replyKey)));
                error = KdcError.decodeOrNull(reply);
            }
            if (error != null) {
                throw KdcErrors.toException(error, client.toString());
            }
            KdcReply rep = KdcReply.decode(reply, KdcReply.AS_REP);
            int repEtype = rep.encPart().etype();
            if (replyKey == null || replyKey.type().id() != repEtype) {
                destroy(replyKey);
                replyKey = keyForReply(rep, repEtype, etypes, client, keys);
            }
            EncKdcRepPart enc;
            try {
                enc = KdcReplies.openEncPart(rep, replyKey, USAGE_AS_REP_ENC_PART);
            } catch (NegotiateException e) {
                if (e.failure() == Failure.MESSAGE_ALTERED) {
                    throw new NegotiateException(Failure.LOGON_DENIED, 31,
                            "wrong password or key for " + client + ": the AS-REP does not decrypt", e);
                }
                throw e;
            }
            ServiceTicket tgt = KdcReplies.toTicket(rep, enc, nonce, client, tgs, options.canonicalize());
            LOG.log(System.Logger.Level.DEBUG, "got TGT for {0} until {1}", client, tgt.endTime());
            return tgt;
        } finally {
            destroy(replyKey);
        }
    }

    private List<EncryptionType> etypes(ClientKeys keys) throws NegotiateException {
        List<EncryptionType> out = new ArrayList<>();
        for (EncryptionType t : Krb5Config.applyPolicy(config.defaultTktEnctypes(), allowWeakCrypto)) {
            if (keys.enctypes().isEmpty() || keys.enctypes().contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "no usable enctype: default_tkt_enctypes "
                    + config.defaultTktEnctypes() + ", the client's keys " + keys.enctypes()
                    + (allowWeakCrypto ? "" : ", weak enctypes disabled"));
        }
        return out;
    }

    private KdcReqBody body(KerberosName client, KerberosName tgs, TicketOptions options, List<EncryptionType> etypes,
            int nonce) {
        KdcOptions kdcOptions = new KdcOptions();
        kdcOptions.setFlag(KdcOption.FORWARDABLE, options.forwardable());
        kdcOptions.setFlag(KdcOption.CANONICALIZE, options.canonicalize());
        KdcReqBody body = KrbInts.kdcReqBody(etypes.stream().map(EncryptionType::id).toList());
        body.setKdcOptions(kdcOptions);
        body.setCname(client.toKerby());
        body.setRealm(client.realm());
        body.setSname(tgs.toKerby());
        Instant now = Instant.now();
        body.setTill(KdcMessages.time(now.plus(options.lifetime())));
        if (options.renewLifetime().isPresent() && !options.renewLifetime().get().isZero()) {
            kdcOptions.setFlag(KdcOption.RENEWABLE, true);
            body.setRtime(KdcMessages.time(now.plus(options.renewLifetime().get())));
        }
        body.setNonce(nonce);
        return body;
    }

    private static byte[] encode(KdcReqBody body, PaDataEntry padata) throws NegotiateException {
        AsReq req = new AsReq();
        req.setReqBody(body);
        if (padata != null) {
            PaData pa = new PaData();
            pa.addElement(padata);
            req.setPaData(pa);
        }
        return KdcMessages.encode(req);
    }

    private static PaDataEntry encTimestamp(Krb5Key key) throws NegotiateException {
        Instant now = Instant.now();
        PaEncTsEnc ts = new PaEncTsEnc();
        ts.setPaTimestamp(KdcMessages.time(now));
        ts.setPaUsec((now.getNano() / 1000) % 1_000_000);
        byte[] plain = KdcMessages.encode(ts);
        Krb5Cipher cipher = Krb5Ciphers.of(key);
        try {
            EncryptedData ed = KrbInts.encryptedData(key.type().id(), null,
                    cipher.encrypt(USAGE_PA_ENC_TIMESTAMP, plain, 0, plain.length));
            return new PaDataEntry(PaDataType.ENC_TIMESTAMP, KdcMessages.encode(ed));
        } finally {
            cipher.destroy();
        }
    }

    private record Salted(Krb5Key key) {
    }

    /** Picks the first PA-ETYPE-INFO2 entry (KDC preference order) that we asked for and can key. */
    private static Salted chooseFromEtypeInfo(Optional<byte[]> edata, List<EncryptionType> etypes, KerberosName client,
            ClientKeys keys) throws NegotiateException {
        List<EtypeInfo2.Entry> entries = edata.isEmpty() ? List.of() : EtypeInfo2.fromMethodData(edata.get());
        for (EtypeInfo2.Entry e : entries) {
            Optional<EncryptionType> t = EncryptionType.of(e.etype());
            if (t.isPresent() && etypes.contains(t.get())) {
                Optional<Krb5Key> key = keys.key(t.get(), e.salt().orElse(defaultSalt(client)), e.s2kParams());
                if (key.isPresent()) {
                    return new Salted(key.get());
                }
            }
        }
        if (entries.isEmpty()) {
            // No ETYPE-INFO2: RFC 4120 3.1.3 says use the default salt with the first requested enctype we can key.
            for (EncryptionType t : etypes) {
                Optional<Krb5Key> key = keys.key(t, defaultSalt(client), null);
                if (key.isPresent()) {
                    return new Salted(key.get());
                }
            }
        }
        throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, 14, "the KDC offers pre-authentication only with "
                + "enctypes this client has no key for (offered " + entries.size() + ", requested " + etypes + ")", null);
    }

    /** The key for the AS-REP when the KDC did not ask for pre-authentication (or chose another enctype). */
    private static Krb5Key keyForReply(KdcReply rep, int etype, List<EncryptionType> etypes, KerberosName client,
            ClientKeys keys) throws NegotiateException {
        Optional<EncryptionType> t = EncryptionType.of(etype);
        if (t.isEmpty() || !etypes.contains(t.get())) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "AS-REP encrypted with enctype " + etype
                    + " which was not requested");
        }
        String salt = defaultSalt(client);
        byte[] params = null;
        for (EtypeInfo2.Entry e : rep.etypeInfo()) {
            if (e.etype() == etype) {
                salt = e.salt().orElse(salt);
                params = e.s2kParams();
            }
        }
        return keys.key(t.get(), salt, params).orElseThrow(() -> new NegotiateException(Failure.UNSUPPORTED_FUNCTION,
                "no key of enctype " + t.get().krb5Name() + " for " + client));
    }

    /** RFC 4120 4: the realm followed by the name components, without separators. */
    static String defaultSalt(KerberosName client) {
        return client.realm() + String.join("", client.components());
    }

    private static void destroy(Krb5Key k) {
        if (k != null) {
            k.destroy();
        }
    }
}
