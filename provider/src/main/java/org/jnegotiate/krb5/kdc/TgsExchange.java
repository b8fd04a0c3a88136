package org.jnegotiate.krb5.kdc;

import java.time.Instant;
import java.util.ArrayList;
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
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The TGS exchange (RFC 4120 3.3): a service ticket (or a forwarded TGT) from a TGT. The PA-TGS-REQ
 * carries an AP-REQ whose authenticator (usage 7) holds a checksum over the DER req-body with the session
 * key's mandatory checksum type (usage 6); no subkey, so the reply is decrypted with the TGT session key
 * (usage 8).
 *
 * <p>Cross-realm: a service of another realm is reached through cross-realm TGTs along the {@link RealmPath}
 * ({@code [capaths]}, else hierarchical; at each realm the furthest TGT of the path is asked for first, as MIT does).
 * A service of the TGT's own realm is asked for with the canonicalize option, and a KDC that answers with a TGT for
 * another realm (a referral, RFC 6806 section 8) is followed there. Every realm is entered at most once (a referral
 * back to a realm already crossed is a loop, refused), and at most {@link #MAX_HOPS} realms are crossed. The
 * intermediate TGTs' session keys are destroyed once used.
 */
public final class TgsExchange {
    static final int USAGE_TGS_REQ_CKSUM = 6;
    static final int USAGE_TGS_REQ_AUTHENTICATOR = 7;
    static final int USAGE_TGS_REP_ENC_PART = 8;
    private static final System.Logger LOG = System.getLogger(TgsExchange.class.getName());

    /** The most realms crossed for one ticket, as MIT's KRB5_REFERRAL_MAXHOPS. */
    public static final int MAX_HOPS = 10;

    private final KdcRequestContext context;

    /** With the KDCs, policy, clock (which also decides whether a TGT has expired) and randomness of the context. */
    public TgsExchange(KdcRequestContext context) {
        this.context = context;
    }

    /**
     * A ticket for {@code service} with {@code tgt}, crossing realms as needed (see the class comment).
     *
     * @throws NegotiateException TARGET_UNKNOWN when the KDC does not know the service, NO_AUTHENTICATING_AUTHORITY
     *                            when no KDC answers, when no cross-realm TGT leads to the service's realm, on a
     *                            referral loop or past {@link #MAX_HOPS} realms; CREDENTIALS_EXPIRED for an expired
     *                            TGT; WRONG_PRINCIPAL when a KDC answers for another principal than a referral allows
     */
    public ServiceTicket request(ServiceTicket tgt, KerberosName service, TicketOptions options)
            throws NegotiateException {
        if (isTgs(service)) {
            return exchange(tgt, service, options); // a TGT (forwarded, or one hop asked for by name)
        }
        String here = tgsRealm(tgt);
        String target = service.realm();
        List<String> visited = new ArrayList<>(List.of(here));
        List<String> path = RealmPath.between(here, target, context.config());
        ServiceTicket current = tgt;
        try {
            while (true) {
                if (!here.equals(target)) {
                    ServiceTicket next = crossRealmTgt(current, here, path, options);
                    here = step(visited, next, current == tgt ? null : current, service);
                    current = next;
                    path = path.subList(path.indexOf(here) + 1, path.size());
                    continue;
                }
                KerberosName asked = new KerberosName(service.nameType(), service.components(), here);
                ServiceTicket st = exchange(current, asked, options.withCanonicalize());
                if (st.server().samePrincipal(asked)) {
                    if (current != tgt) {
                        current.sessionKey().destroy();
                    }
                    return st;
                }
                // RFC 6806 section 8: a referral, a TGT for the realm the KDC says holds the service
                LOG.log(System.Logger.Level.DEBUG, "KDC of {0} refers {1} to {2}", here, asked, st.server());
                here = step(visited, st, current == tgt ? null : current, service);
                current = st;
                target = here;
                path = List.of();
            }
        } catch (NegotiateException | RuntimeException e) {
            if (current != tgt) {
                current.sessionKey().destroy();
            }
            throw e;
        }
    }

    /**
     * Moves to the realm of the cross-realm TGT {@code next} (issued by {@code here}'s KDC, checked by
     * {@link #exchange}): its realm, after the loop and hop checks; destroys {@code previous} (an intermediate TGT,
     * null for the user's own).
     */
    private static String step(List<String> visited, ServiceTicket next, ServiceTicket previous, KerberosName service)
            throws NegotiateException {
        if (previous != null) {
            previous.sessionKey().destroy();
        }
        String realm = next.server().components().get(1);
        if (visited.contains(realm)) {
            next.sessionKey().destroy();
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    "cross-realm loop on the way to " + service + ": " + String.join(" -> ", visited) + " -> " + realm
                            + " (" + next.server() + " leads back)");
        }
        visited.add(realm);
        if (visited.size() - 1 > MAX_HOPS) {
            next.sessionKey().destroy();
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    "more than " + MAX_HOPS + " cross-realm hops on the way to " + service + ": "
                            + String.join(" -> ", visited));
        }
        return realm;
    }

    /**
     * A TGT from {@code here}'s KDC for a realm of {@code path} (the realms still to cross, the service's last), as
     * MIT asks: the furthest realm first, then closer ones while the KDC does not know them (S_PRINCIPAL_UNKNOWN).
     * The KDC may answer with a TGT for another realm of the path, closer to the target.
     */
    private ServiceTicket crossRealmTgt(ServiceTicket current, String here, List<String> path, TicketOptions options)
            throws NegotiateException {
        TicketOptions tgtOptions =
                new TicketOptions(options.forwardable(), false, false, options.lifetime(), options.renewLifetime());
        NegotiateException last = null;
        for (int i = path.size() - 1; i >= 0; i--) {
            KerberosName asked = new KerberosName(KerberosName.NT_SRV_INST, List.of("krbtgt", path.get(i)), here);
            try {
                ServiceTicket next = exchange(current, asked, tgtOptions);
                String to = next.server().components().get(1);
                if (!isTgs(next.server()) || !next.server().realm().equals(here) || !path.contains(to)) {
                    next.sessionKey().destroy();
                    throw new NegotiateException(
                            Failure.WRONG_PRINCIPAL,
                            "the KDC of " + here + " answered a request "
                                    + "for " + asked + " with a ticket for " + next.server()
                                    + ", which is not on the path "
                                    + path);
                }
                return next;
            } catch (NegotiateException e) {
                if (e.failure() != Failure.TARGET_UNKNOWN) {
                    throw e;
                }
                last = e;
            }
        }
        throw new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                "no cross-realm TGT from " + here + " to any of " + path + " (the KDC of " + here
                        + " knows none of them)",
                last);
    }

    /** One TGS exchange for {@code service} at the TGT's realm; the names of the reply checked (see below). */
    private ServiceTicket exchange(ServiceTicket tgt, KerberosName service, TicketOptions options)
            throws NegotiateException {
        String tgtRealm = tgsRealm(tgt);
        List<EncryptionType> etypes = requestEnctypes(tgt, context);
        int nonce = context.nonce();
        KdcReqBody body = body(tgt, service, options, etypes, nonce);
        TgsReq req = new TgsReq();
        req.setReqBody(body);
        PaData pa = new PaData();
        pa.addElement(new PaDataEntry(PaDataType.TGS_REQ, apReq(tgt, KdcMessages.encode(body), context)));
        req.setPaData(pa);

        byte[] reply = context.kdc().send(tgtRealm, KdcMessages.encode(req));
        KdcError error = KdcError.decodeOrNull(reply);
        if (error != null) {
            throw KdcErrors.toException(error, service.toString());
        }
        KdcReply rep = KdcReply.decode(reply, KdcReply.TGS_REP);
        EncKdcRepPart enc = KdcReplies.openEncPart(rep, tgt.sessionKey(), USAGE_TGS_REP_ENC_PART, context);
        try {
            checkNames(rep, enc, tgt, service, options.canonicalize());
        } catch (NegotiateException e) {
            enc.keyValue().destroy();
            throw e;
        }
        ServiceTicket st = KdcReplies.toTicket(rep, enc, nonce, tgt.client(), service, true);
        LOG.log(
                System.Logger.Level.DEBUG,
                "got ticket for {0} ({1}) until {2}",
                st.server(),
                st.sessionKey().type().krb5Name(),
                st.endTime());
        return st;
    }

    /**
     * The names of a TGS reply: the client is the TGT's, always; the server is the one asked for, in the ticket as
     * in the encrypted part, except that a KDC may answer a request for a TGT with another TGT of its realm (MIT's
     * KDC does on a capaths route; the caller checks the realm is on the path) and, when canonicalizing, a request
     * for a service with a referral TGT {@code krbtgt/OTHER@REALM} (RFC 6806 section 8).
     */
    private static void checkNames(
            KdcReply rep, EncKdcRepPart enc, ServiceTicket tgt, KerberosName service, boolean canonicalize)
            throws NegotiateException {
        if (!rep.client().samePrincipal(tgt.client())) {
            throw new NegotiateException(
                    Failure.WRONG_PRINCIPAL, "KDC reply is for client " + rep.client() + ", not " + tgt.client());
        }
        KerberosName server = enc.server();
        boolean tgsOfThisRealm = isTgs(server)
                && server.realm().equals(service.realm())
                && !server.components().get(1).equals(service.realm());
        if (!server.samePrincipal(service) && !((isTgs(service) || canonicalize) && tgsOfThisRealm)) {
            throw new NegotiateException(
                    Failure.WRONG_PRINCIPAL, "KDC reply is for server " + server + ", not " + service);
        }
        if (!rep.ticket().server().samePrincipal(server)) {
            throw new NegotiateException(
                    Failure.WRONG_PRINCIPAL,
                    "the TGS-REP's ticket is for " + rep.ticket().server() + " and its encrypted part names " + server);
        }
    }

    /** Constrained delegation (MS-SFU) through the same KDCs, on the same clock. */
    public S4uExchange s4u() {
        return new S4uExchange(context);
    }

    private KdcReqBody body(
            ServiceTicket tgt, KerberosName service, TicketOptions options, List<EncryptionType> etypes, int nonce)
            throws NegotiateException {
        boolean tgtForwardable = new TicketFlags(tgt.flags()).isFlagSet(TicketFlag.FORWARDABLE);
        if (options.forwarded() && !tgtForwardable) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "delegation needs a forwardable TGT, and the TGT of " + tgt.client()
                            + " is not forwardable (set forwardable = true in krb5.conf or kinit -f)");
        }
        KdcOptions kdcOptions = new KdcOptions();
        kdcOptions.setFlag(KdcOption.FORWARDABLE, options.forwardable() && tgtForwardable);
        kdcOptions.setFlag(KdcOption.FORWARDED, options.forwarded());
        kdcOptions.setFlag(KdcOption.CANONICALIZE, options.canonicalize());
        KdcReqBody body =
                KrbInts.kdcReqBody(etypes.stream().map(EncryptionType::id).toList());
        body.setKdcOptions(kdcOptions);
        body.setRealm(service.realm());
        body.setSname(service.toKerby());
        Instant till = context.now().plus(options.lifetime());
        body.setTill(KdcMessages.time(till.isAfter(tgt.endTime()) ? tgt.endTime() : till));
        body.setNonce(nonce);
        // no addresses: a forwarded TGT is addressless so that it can be used from the delegate's host
        return body;
    }

    static byte[] apReq(ServiceTicket tgt, byte[] bodyDer, KdcRequestContext context) throws NegotiateException {
        Instant now = context.now();
        Authenticator auth = new Authenticator();
        auth.setAuthenticatorVno(5);
        auth.setCrealm(tgt.client().realm());
        auth.setCname(tgt.client().toKerby());
        EncryptionType kt = tgt.sessionKey().type();
        byte[] encAuth;
        Krb5Cipher cipher = context.cipher(tgt.sessionKey());
        try {
            // raw numbers: Kerby's enums lack the RFC 8009 checksum types and enctypes (19, 20)
            auth.setCksum(KrbInts.checksum(
                    kt.checksumType(), cipher.checksum(USAGE_TGS_REQ_CKSUM, bodyDer, 0, bodyDer.length)));
            auth.setCtime(KdcMessages.time(now));
            auth.setCusec((now.getNano() / 1000) % 1_000_000);
            byte[] plain = KdcMessages.encode(auth);
            encAuth = cipher.encrypt(USAGE_TGS_REQ_AUTHENTICATOR, plain, 0, plain.length);
        } finally {
            cipher.destroy();
        }
        return ApReqMessage.encode(false, tgt.ticket(), kt.id(), encAuth);
    }

    /**
     * The enctypes a TGS-REQ made with {@code tgt} asks for (default_tgs_enctypes under the weak-crypto policy).
     *
     * @throws NegotiateException CREDENTIALS_EXPIRED for a TGT expired on the context's clock; UNSUPPORTED_FUNCTION when
     *                            the policy leaves no enctype
     */
    static List<EncryptionType> requestEnctypes(ServiceTicket tgt, KdcRequestContext context)
            throws NegotiateException {
        Krb5Config config = context.config();
        if (tgt.isExpired(context.now())) {
            throw new NegotiateException(
                    Failure.CREDENTIALS_EXPIRED, "the TGT of " + tgt.client() + " expired at " + tgt.endTime());
        }
        List<EncryptionType> etypes = Krb5Config.applyPolicy(config.defaultTgsEnctypes(), context.allowWeakCrypto());
        if (etypes.isEmpty()) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "no usable enctype in default_tgs_enctypes " + config.defaultTgsEnctypes());
        }
        return etypes;
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
