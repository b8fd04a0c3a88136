package org.jnegotiate.krb5.kdc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOption;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOptions;
import org.apache.kerby.kerberos.kerb.type.kdc.TgsReq;
import org.apache.kerby.kerberos.kerb.type.pa.PaData;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataEntry;
import org.apache.kerby.kerberos.kerb.type.pa.PaDataType;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlag;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KerberosCodec;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Constrained delegation (MS-SFU): a service asks its KDC for tickets in a user's name, with its own TGT.
 * <ul>
 * <li><b>S4U2self</b> (MS-SFU 3.1.5.1.1): a TGS-REQ for the service itself with PA-FOR-USER naming the user; the
 *     reply is a ticket to the service, for the user (the "evidence"). Forwardable only when the account may use
 *     protocol transition (TRUSTED_TO_AUTH_FOR_DELEGATION) or, for resource-based delegation, not needed.</li>
 * <li><b>S4U2proxy</b> (MS-SFU 3.1.5.2.1): a TGS-REQ for the second service with the evidence ticket in
 *     additional-tickets and KDC option cname-in-addl-tkt; the reply is a ticket to the second service, for the
 *     user. PA-PAC-OPTIONS asks for resource-based constrained delegation too, as Windows and MIT clients always
 *     do: the KDC grants the classic kind (msDS-AllowedToDelegateTo of the first service) or the resource-based
 *     kind (msDS-AllowedToActOnBehalfOfOtherIdentity of the second).</li>
 * </ul>
 * Both replies are decrypted with the TGT session key (no subkey), as the TGS exchange's.
 */
public final class S4uExchange {
    /** KERB_NON_KERB_CKSUM_SALT: the key usage of PA-FOR-USER's checksum. */
    static final int USAGE_PA_FOR_USER = 17;
    /** KERB_CHECKSUM_HMAC_MD5, the only checksum PA-FOR-USER has. */
    static final int HMAC_MD5 = -138;
    /** PA-PAC-OPTIONS { flags [0] KerberosFlags = resource-based-constrained-delegation (bit 3) }. */
    private static final byte[] PAC_OPTIONS_RBCD = {0x30, 0x09, (byte) 0xA0, 0x07, 0x03, 0x05, 0x00, 0x10, 0, 0, 0};
    /** What AD answers an S4U request its delegation settings do not allow. */
    static final int KDC_ERR_BADOPTION = 13;

    private final KdcRequestContext context;

    S4uExchange(KdcRequestContext context) {
        this.context = context;
    }

    /** S4U2self: a ticket to the TGT's own client (the service) for {@code user}. */
    public ServiceTicket s4u2self(ServiceTicket tgt, KerberosName user, TicketOptions options)
            throws NegotiateException {
        KerberosName service = tgt.client();
        PaDataEntry forUser = new PaDataEntry(PaDataType.FOR_USER, paForUser(user, tgt));
        return exchange(tgt, service, user, options, null, forUser);
    }

    /** S4U2proxy: a ticket to {@code target} for the client of {@code evidence} (an S4U2self or user's ticket). */
    public ServiceTicket s4u2proxy(
            ServiceTicket tgt, ServiceTicket evidence, KerberosName target, TicketOptions options)
            throws NegotiateException {
        PaDataEntry pacOptions = new PaDataEntry(PaDataType.PAC_OPTIONS, PAC_OPTIONS_RBCD.clone());
        return exchange(tgt, target, evidence.client(), options, evidence, pacOptions);
    }

    private ServiceTicket exchange(
            ServiceTicket tgt,
            KerberosName service,
            KerberosName client,
            TicketOptions options,
            ServiceTicket evidence,
            PaDataEntry extra)
            throws NegotiateException {
        String realm = TgsExchange.tgsRealm(tgt);
        List<EncryptionType> etypes = TgsExchange.requestEnctypes(tgt, context);
        int nonce = context.nonce();
        byte[] request = request(tgt, service, options, evidence, extra, etypes, nonce);
        String what =
                (evidence == null ? "S4U2self for " + client + " to " : "S4U2proxy for " + client + " to ") + service;
        byte[] reply = context.kdc().send(realm, request);
        KdcError error = KdcError.decodeOrNull(reply);
        if (error != null) {
            throw refused(error, what, tgt, service, evidence);
        }
        KdcReply rep = KdcReply.decode(reply, KdcReply.TGS_REP);
        EncKdcRepPart enc = KdcReplies.openEncPart(rep, tgt.sessionKey(), TgsExchange.USAGE_TGS_REP_ENC_PART, context);
        ServiceTicket ticket = KdcReplies.toTicket(rep, enc, nonce, client, service, true);
        if (!String.join("/", ticket.client().components()).equalsIgnoreCase(String.join("/", client.components()))
                || !ticket.client().realm().equalsIgnoreCase(client.realm())) {
            ticket.sessionKey().destroy();
            throw new NegotiateException(
                    Failure.WRONG_PRINCIPAL,
                    "the KDC answered the " + what + " with a ticket" + " for " + ticket.client());
        }
        return ticket;
    }

    /** The TGS-REQ: the TGT's AP-REQ and {@code extra} as pa-data, the evidence ticket (S4U2proxy) as additional ticket. */
    private byte[] request(
            ServiceTicket tgt,
            KerberosName service,
            TicketOptions options,
            ServiceTicket evidence,
            PaDataEntry extra,
            List<EncryptionType> etypes,
            int nonce)
            throws NegotiateException {
        // an IntKdcReqBody: the etypes as numbers, and additional-tickets
        KrbInts.IntKdcReqBody body = (KrbInts.IntKdcReqBody)
                KrbInts.kdcReqBody(etypes.stream().map(EncryptionType::id).toList());
        KdcOptions kdcOptions = new KdcOptions();
        kdcOptions.setFlag(
                KdcOption.FORWARDABLE,
                options.forwardable() && new TicketFlags(tgt.flags()).isFlagSet(TicketFlag.FORWARDABLE));
        kdcOptions.setFlag(KdcOption.CANONICALIZE, true);
        if (evidence != null) {
            kdcOptions.setFlag(KdcOption.CNAME_IN_ADDL_TKT, true);
            body.setAdditionalTicket(evidence.ticket());
        }
        body.setKdcOptions(kdcOptions);
        body.setRealm(service.realm());
        body.setSname(service.toKerby());
        Instant till = context.now().plus(options.lifetime());
        body.setTill(KdcMessages.time(till.isAfter(tgt.endTime()) ? tgt.endTime() : till));
        body.setNonce(nonce);
        TgsReq req = new TgsReq();
        req.setReqBody(body);
        PaData pa = new PaData();
        pa.addElement(new PaDataEntry(PaDataType.TGS_REQ, TgsExchange.apReq(tgt, KdcMessages.encode(body), context)));
        pa.addElement(extra);
        req.setPaData(pa);

        return KdcMessages.encode(req);
    }

    /** The KDC's refusal as the caller's failure; KDC_ERR_BADOPTION says which delegation setting is missing. */
    private static NegotiateException refused(
            KdcError error, String what, ServiceTicket tgt, KerberosName service, ServiceTicket evidence) {
        if (error.code() == KDC_ERR_BADOPTION) {
            return new NegotiateException(
                    Failure.LOGON_DENIED,
                    KDC_ERR_BADOPTION,
                    "the KDC refused the " + what
                            + " (KDC_ERR_BADOPTION): "
                            + (evidence == null
                                    ? "the account of " + service + " may not use S4U2self"
                                    : "neither does the account of " + tgt.client() + " list " + service
                                            + " in msDS-AllowedToDelegateTo (with protocol transition for an S4U2self ticket), nor does "
                                            + "the account of " + service
                                            + " list it in msDS-AllowedToActOnBehalfOfOtherIdentity (a "
                                            + "resource-based grant needs a KDC that implements it)"),
                    null);
        }
        return KdcErrors.toException(error, what);
    }

    /**
     * PA-FOR-USER ::= SEQUENCE { userName [0] PrincipalName, userRealm [1] Realm, cksum [2] Checksum,
     * auth-package [3] KerberosString }; cksum is HMAC-MD5 (RFC 4757's keyed checksum, usage 17) with the TGT
     * session key over name-type (4 bytes, little-endian), the name strings, the realm and "Kerberos".
     */
    static byte[] paForUser(KerberosName user, ServiceTicket tgt) throws NegotiateException {
        String authPackage = "Kerberos";
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        int type = user.nameType();
        signed.writeBytes(new byte[] {(byte) type, (byte) (type >> 8), (byte) (type >> 16), (byte) (type >> 24)});
        for (String part : user.components()) {
            signed.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        signed.writeBytes(user.realm().getBytes(StandardCharsets.UTF_8));
        signed.writeBytes(authPackage.getBytes(StandardCharsets.UTF_8));
        byte[] key = tgt.sessionKey().bytes();
        byte[] checksum;
        try {
            checksum = hmacMd5Checksum(key, USAGE_PA_FOR_USER, signed.toByteArray());
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        fields.writeBytes(Der.tlv(0xA0, KerberosCodec.encode(user.toKerby())));
        fields.writeBytes(Der.tlv(0xA1, Der.tlv(0x1B, user.realm().getBytes(StandardCharsets.UTF_8))));
        fields.writeBytes(Der.tlv(0xA2, KerberosCodec.encode(KrbInts.checksum(HMAC_MD5, checksum))));
        fields.writeBytes(Der.tlv(0xA3, Der.tlv(0x1B, authPackage.getBytes(StandardCharsets.UTF_8))));
        return Der.tlv(0x30, fields.toByteArray());
    }

    /** RFC 4757 section 4: HMAC-MD5(Ksign, MD5(usage LE32 | data)), Ksign = HMAC-MD5(key, "signaturekey\0"). */
    static byte[] hmacMd5Checksum(byte[] key, int usage, byte[] data) throws NegotiateException {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            byte[] ksign = mac.doFinal("signaturekey\0".getBytes(StandardCharsets.US_ASCII));
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(new byte[] {(byte) usage, (byte) (usage >> 8), (byte) (usage >> 16), (byte) (usage >> 24)});
            byte[] digest = md5.digest(data);
            mac.init(new SecretKeySpec(ksign, "HmacMD5"));
            java.util.Arrays.fill(ksign, (byte) 0);
            return mac.doFinal(digest);
        } catch (GeneralSecurityException e) {
            throw new NegotiateException(Failure.INTERNAL_ERROR, "HMAC-MD5 for PA-FOR-USER: " + e, e);
        }
    }

    /** The few DER encodings PA-FOR-USER needs that Kerby has no type for. */
    static final class Der {
        private Der() {}

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else if (n < 0x100) {
                out.write(0x81);
                out.write(n);
            } else if (n < 0x10000) {
                out.write(0x82);
                out.write(n >> 8);
                out.write(n);
            } else {
                out.write(0x83);
                out.write(n >> 16);
                out.write(n >> 8);
                out.write(n);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
