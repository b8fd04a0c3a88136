package org.jnegotiate.krb5.kdc;

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
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The AS exchange (RFC 4120 3.1): gets a TGT for a client with a password or long-term keys. Tries once
 * without pre-authentication; on KDC_ERR_PREAUTH_REQUIRED reads PA-ETYPE-INFO2 (salt, s2kparams), derives
 * the key and sends PA-ENC-TIMESTAMP (RFC 4120 5.2.7.2, key usage 1). Decrypts the AS-REP enc-part (usage 3)
 * and checks its nonce and names. A canonicalizing AS-REQ carries an empty PA-REQ-ENC-PA-REP, and the KDC's checksum
 * over the request is verified whenever it sends one (RFC 6806 section 11). An enterprise name (NT-ENTERPRISE, a UPN) is sent
 * with the canonicalize option, and the KDC's canonical name for it is accepted under RFC 6806's rules (see
 * {@link #checkNames}). Stateless apart from what the constructor is given.
 */
public final class AsExchange {
    static final int USAGE_PA_ENC_TIMESTAMP = 1;
    static final int USAGE_AS_REP_ENC_PART = 3;
    /** RFC 6806 section 11: the PA-REQ-ENC-PA-REP checksum over the AS-REQ. */
    static final int USAGE_AS_REQ = 56;

    private static final int ERR_C_PRINCIPAL_UNKNOWN = 6;
    private static final int ERR_PREAUTH_REQUIRED = 25;
    private static final System.Logger LOG = System.getLogger(AsExchange.class.getName());

    private final KdcRequestContext context;

    public AsExchange(KdcRequestContext context) {
        this.context = context;
    }

    /**
     * A TGT ({@code krbtgt/REALM@REALM}) for {@code client}.
     *
     * @throws NegotiateException LOGON_DENIED for an unknown client or a wrong password/key,
     *                            NO_AUTHENTICATING_AUTHORITY when no KDC answers, TIME_SKEW, UNSUPPORTED_FUNCTION
     *                            when no enctype is shared, INTERNAL_ERROR (minor = Kerberos code) otherwise
     */
    public ServiceTicket requestTgt(KerberosName client, ClientKeys keys, TicketOptions options)
            throws NegotiateException {
        // an enterprise name (a UPN) is only ever resolved by the KDC: it always asks for canonicalization
        boolean canonicalize = options.canonicalize() || client.nameType() == KerberosName.NT_ENTERPRISE;
        AsRequest req =
                new AsRequest(client, KerberosName.tgs(client.realm()), etypes(keys), context.nonce(), canonicalize);
        KdcReqBody body = body(client, req.tgs(), options, canonicalize, req.etypes(), req.nonce());

        byte[] request = encode(body, null, canonicalize);
        byte[] reply = context.kdc().send(client.realm(), request);
        KdcError error = KdcError.decodeOrNull(reply);
        if (error == null || error.code() != ERR_PREAUTH_REQUIRED) {
            return openReply(req, request, reply, error, null, keys);
        }
        Krb5Key preauthKey = chooseFromEtypeInfo(error.eData(), req.etypes(), client, keys).key;
        try {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "KDC requires pre-authentication for {0}; using {1}",
                    client,
                    preauthKey.type().krb5Name());
            request = encode(body, encTimestamp(preauthKey, context.now()), canonicalize);
            reply = context.kdc().send(client.realm(), request);
            return openReply(req, request, reply, KdcError.decodeOrNull(reply), preauthKey, keys);
        } finally {
            destroy(preauthKey);
        }
    }

    /** What one AS exchange asked for: the reply is checked against it. */
    private record AsRequest(
            KerberosName client, KerberosName tgs, List<EncryptionType> etypes, int nonce, boolean canonicalize) {}

    /**
     * The TGT in the KDC's answer to {@code request}: decrypted with the pre-authentication key when the reply uses
     * its enctype, else with the client's key for the reply's enctype and salt, then checked (the KDC's checksum of
     * the request, RFC 6806 encrypted pa-data; the names) before it is believed.
     */
    private ServiceTicket openReply(
            AsRequest req, byte[] request, byte[] reply, KdcError error, Krb5Key preauthKey, ClientKeys keys)
            throws NegotiateException {
        if (error != null) {
            throw KdcErrors.toException(error, req.client().toString());
        }
        KdcReply rep = KdcReply.decode(reply, KdcReply.AS_REP);
        int repEtype = rep.encPart().etype();
        boolean ownKey = preauthKey == null || preauthKey.type().id() != repEtype;
        Krb5Key replyKey = ownKey ? keyForReply(rep, repEtype, req.etypes(), req.client(), keys) : preauthKey;
        try {
            EncKdcRepPart enc = decryptReply(rep, replyKey, req.client());
            try {
                boolean protectedReply = checkEncPaRep(enc, replyKey, request, req.canonicalize());
                checkNames(rep, enc, req.client(), req.tgs(), req.canonicalize(), protectedReply);
            } catch (NegotiateException e) {
                enc.keyValue().destroy();
                throw e;
            }
            ServiceTicket tgt = KdcReplies.toTicket(rep, enc, req.nonce(), req.client(), req.tgs(), true);
            LOG.log(System.Logger.Level.DEBUG, "got TGT for {0} until {1}", tgt.client(), tgt.endTime());
            return tgt;
        } finally {
            if (ownKey) {
                destroy(replyKey);
            }
        }
    }

    /** The AS-REP's encrypted part; one that does not decrypt means a wrong password or key (minor status 31). */
    private EncKdcRepPart decryptReply(KdcReply rep, Krb5Key replyKey, KerberosName client) throws NegotiateException {
        try {
            return KdcReplies.openEncPart(rep, replyKey, USAGE_AS_REP_ENC_PART, context);
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw new NegotiateException(
                        Failure.LOGON_DENIED,
                        31,
                        "wrong password or key for " + client + ": the AS-REP does not decrypt",
                        e);
            }
            throw e;
        }
    }

    /**
     * A TGT for a name as the user typed it ({@link LoginName}): its principal first (an enterprise name for a UPN);
     * when the KDC does not know that principal (KDC_ERR_C_PRINCIPAL_UNKNOWN) and the name has a fallback, the
     * fallback (the UPN's user part at the realm the suffix named, for KDCs without enterprise names).
     */
    public ServiceTicket requestTgt(LoginName login, ClientKeys keys, TicketOptions options) throws NegotiateException {
        try {
            return requestTgt(login.principal(), keys, options);
        } catch (NegotiateException e) {
            if (e.failure() != Failure.LOGON_DENIED
                    || e.minor() != ERR_C_PRINCIPAL_UNKNOWN
                    || login.fallback().isEmpty()) {
                throw e;
            }
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "the KDC does not know the enterprise name {0}; trying {1}",
                    login.principal(),
                    login.fallback().get());
            // still canonicalizing, as for the UPN: the KDC protects the exchange (PA-REQ-ENC-PA-REP) all the same
            return requestTgt(login.fallback().get(), keys, options.withCanonicalize());
        }
    }

    /**
     * RFC 6806 section 11: the KDC's checksum (key usage 56, the reply key) over the AS-REQ it answered, which this
     * client asks for with an empty PA-REQ-ENC-PA-REP when canonicalizing ({@code asked}). True when present and
     * right; false when absent and either not asked for or the ticket flag enc-pa-rep is not set (a KDC that does not
     * implement it; MIT's KDC sets the flag on every AS reply, asked or not).
     *
     * @throws NegotiateException MESSAGE_ALTERED when the checksum does not match the request sent (it was changed
     *                            on the way), or it was asked for, the flag says the KDC answered it, and it is gone
     */
    private boolean checkEncPaRep(EncKdcRepPart enc, Krb5Key replyKey, byte[] request, boolean asked)
            throws NegotiateException {
        if (enc.encPaRep().isEmpty()) {
            if (asked && (enc.flags() & EncKdcRepPart.FLAG_ENC_PA_REP) != 0) {
                throw new NegotiateException(
                        Failure.MESSAGE_ALTERED,
                        "the AS-REP has the enc-pa-rep flag but no " + "PA-REQ-ENC-PA-REP (removed on the way?)");
            }
            return false;
        }
        AuthenticatorPart.Checksum sum = enc.encPaRep().get();
        if (sum.type() != replyKey.type().checksumType()) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "the PA-REQ-ENC-PA-REP has checksum type " + sum.type() + ", not the reply key's "
                            + replyKey.type().checksumType());
        }
        Krb5Cipher cipher = context.cipher(replyKey);
        try {
            cipher.verifyChecksum(USAGE_AS_REQ, request, 0, request.length, sum.value());
        } catch (NegotiateException e) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "the KDC's PA-REQ-ENC-PA-REP does not match the "
                            + "AS-REQ sent: the request was changed on the way",
                    e);
        } finally {
            cipher.destroy();
        }
        return true;
    }

    /**
     * The names of the reply, RFC 6806's rules as MIT applies them, plus one: without canonicalization both are
     * the names asked for. With it, the server must still be a TGS, the requested one or {@code krbtgt/R@R} of the
     * client's (new) realm R, in the ticket as in the encrypted part; and a client name other than the one asked
     * for is accepted only when the KDC protected the exchange with PA-REQ-ENC-PA-REP (the reply's cname is outside
     * the encryption, so otherwise anyone on the path could rename the user).
     */
    private static void checkNames(
            KdcReply rep,
            EncKdcRepPart enc,
            KerberosName client,
            KerberosName tgs,
            boolean canonicalize,
            boolean protectedReply)
            throws NegotiateException {
        KerberosName repClient = rep.client();
        if (!repClient.samePrincipal(client)) {
            if (!canonicalize) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL, "KDC reply is for client " + repClient + ", not " + client);
            }
            if (!protectedReply) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL,
                        "the KDC answered for client " + repClient
                                + " instead of " + client + " without PA-REQ-ENC-PA-REP (RFC 6806 section 11): the new "
                                + "name is not protected, so it is refused");
            }
            LOG.log(System.Logger.Level.DEBUG, "the KDC canonicalized {0} to {1}", client, repClient);
        }
        KerberosName server = enc.server();
        boolean asked = server.samePrincipal(tgs);
        if (!asked && !(canonicalize && server.samePrincipal(KerberosName.tgs(repClient.realm())))) {
            throw new NegotiateException(Failure.WRONG_PRINCIPAL, "KDC reply is for server " + server + ", not " + tgs);
        }
        if (!rep.ticket().server().samePrincipal(server)) {
            throw new NegotiateException(
                    Failure.WRONG_PRINCIPAL,
                    "the AS-REP's ticket is for " + rep.ticket().server() + " and its encrypted part names " + server);
        }
    }

    private List<EncryptionType> etypes(ClientKeys keys) throws NegotiateException {
        List<EncryptionType> out = new ArrayList<>();
        for (EncryptionType t :
                Krb5Config.applyPolicy(context.config().defaultTktEnctypes(), context.allowWeakCrypto())) {
            if (keys.enctypes().isEmpty() || keys.enctypes().contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "no usable enctype: default_tkt_enctypes "
                            + context.config().defaultTktEnctypes() + ", the client's keys " + keys.enctypes()
                            + (context.allowWeakCrypto() ? "" : ", weak enctypes disabled"));
        }
        return out;
    }

    private KdcReqBody body(
            KerberosName client,
            KerberosName tgs,
            TicketOptions options,
            boolean canonicalize,
            List<EncryptionType> etypes,
            int nonce) {
        KdcOptions kdcOptions = new KdcOptions();
        kdcOptions.setFlag(KdcOption.FORWARDABLE, options.forwardable());
        kdcOptions.setFlag(KdcOption.CANONICALIZE, canonicalize);
        KdcReqBody body =
                KrbInts.kdcReqBody(etypes.stream().map(EncryptionType::id).toList());
        body.setKdcOptions(kdcOptions);
        body.setCname(client.toKerby());
        body.setRealm(client.realm());
        body.setSname(tgs.toKerby());
        Instant now = context.now();
        body.setTill(KdcMessages.time(now.plus(options.lifetime())));
        if (options.renewLifetime().isPresent()
                && !options.renewLifetime().get().isZero()) {
            kdcOptions.setFlag(KdcOption.RENEWABLE, true);
            body.setRtime(KdcMessages.time(now.plus(options.renewLifetime().get())));
        }
        body.setNonce(nonce);
        return body;
    }

    /**
     * The AS-REQ with {@code padata} (may be null) and, when canonicalizing (the names of the reply may change),
     * an empty PA-REQ-ENC-PA-REP asking the KDC to protect the exchange (RFC 6806 section 11). Not otherwise: Kerby's
     * KDC takes any padata it does not know for pre-authentication.
     */
    private static byte[] encode(KdcReqBody body, PaDataEntry padata, boolean canonicalize) throws NegotiateException {
        AsReq req = new AsReq();
        req.setReqBody(body);
        PaData pa = new PaData();
        if (padata != null) {
            pa.addElement(padata);
        }
        if (canonicalize) {
            pa.addElement(new PaDataEntry(PaDataType.ENCPADATA_REQ_ENC_PA_REP, new byte[0]));
        }
        if (padata != null || canonicalize) {
            req.setPaData(pa);
        }
        return KdcMessages.encode(req);
    }

    private PaDataEntry encTimestamp(Krb5Key key, Instant now) throws NegotiateException {
        PaEncTsEnc ts = new PaEncTsEnc();
        ts.setPaTimestamp(KdcMessages.time(now));
        ts.setPaUsec((now.getNano() / 1000) % 1_000_000);
        byte[] plain = KdcMessages.encode(ts);
        Krb5Cipher cipher = context.cipher(key);
        try {
            EncryptedData ed = KrbInts.encryptedData(
                    key.type().id(), null, cipher.encrypt(USAGE_PA_ENC_TIMESTAMP, plain, 0, plain.length));
            return new PaDataEntry(PaDataType.ENC_TIMESTAMP, KdcMessages.encode(ed));
        } finally {
            cipher.destroy();
        }
    }

    private record Salted(Krb5Key key) {}

    /** Picks the first PA-ETYPE-INFO2 entry (KDC preference order) that we asked for and can key. */
    private static Salted chooseFromEtypeInfo(
            Optional<byte[]> edata, List<EncryptionType> etypes, KerberosName client, ClientKeys keys)
            throws NegotiateException {
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
        throw new NegotiateException(
                Failure.UNSUPPORTED_FUNCTION,
                14,
                "the KDC offers pre-authentication only with " + "enctypes this client has no key for (offered "
                        + entries.size() + ", requested " + etypes + ")",
                null);
    }

    /** The key for the AS-REP when the KDC did not ask for pre-authentication (or chose another enctype). */
    private static Krb5Key keyForReply(
            KdcReply rep, int etype, List<EncryptionType> etypes, KerberosName client, ClientKeys keys)
            throws NegotiateException {
        Optional<EncryptionType> t = EncryptionType.of(etype);
        if (t.isEmpty() || !etypes.contains(t.get())) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "AS-REP encrypted with enctype " + etype + " which was not requested");
        }
        String salt = defaultSalt(client);
        byte[] params = null;
        for (EtypeInfo2.Entry e : rep.etypeInfo()) {
            if (e.etype() == etype) {
                salt = e.salt().orElse(salt);
                params = e.s2kParams();
            }
        }
        return keys.key(t.get(), salt, params)
                .orElseThrow(() -> new NegotiateException(
                        Failure.UNSUPPORTED_FUNCTION,
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
