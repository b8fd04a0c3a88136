package org.jnegotiate.krb5.tokens;

import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB_AP_REQ (RFC 4120 section 5.5.1) as the acceptor reads it: options, the ticket (server name, enc-part
 * etype/kvno/cipher) and the encrypted authenticator.
 *
 * @param apOptions    the ap-options bits, most significant bit first ({@link #MUTUAL_REQUIRED})
 * @param ticketKvno   the key version of the ticket's enc-part, null when absent
 */
public record ApReqMessage(int apOptions, Ticket ticket, KerberosName server, int ticketEtype, Integer ticketKvno,
        byte[] ticketCipher, int authenticatorEtype, byte[] encryptedAuthenticator) {
    /** ap-options bit 2, mutual-required. */
    public static final int MUTUAL_REQUIRED = 0x20000000;
    /** Key usage of the ticket's enc-part. */
    public static final int TICKET_USAGE = 2;
    /** Key usage of the authenticator. */
    public static final int AUTHENTICATOR_USAGE = 11;
    /** Kerberos msg-type of an AP-REQ. */
    public static final int MSG_TYPE = 14;

    public ApReqMessage {
        ticketCipher = ticketCipher.clone();
        encryptedAuthenticator = encryptedAuthenticator.clone();
    }

    @Override
    public byte[] ticketCipher() {
        return ticketCipher.clone();
    }

    @Override
    public byte[] encryptedAuthenticator() {
        return encryptedAuthenticator.clone();
    }

    public boolean mutualRequired() {
        return (apOptions & MUTUAL_REQUIRED) != 0;
    }

    public static ApReqMessage decode(byte[] der) throws NegotiateException {
        ApReq req = KerberosCodec.decode(der, ApReq.class, "AP-REQ");
        return KerberosCodec.read(() -> {
            if (req.getPvno() != 5 || req.getMsgType() != KrbMessageType.AP_REQ) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REQ");
            }
            ApOptions options = req.getApOptions();
            Ticket ticket = Fields.required(req.getTicket(), "ticket");
            KerberosName server = Fields.name(ticket.getSname(), ticket.getRealm(), "ticket server");
            EncryptedData ticketPart = Fields.required(ticket.getEncryptedEncPart(), "ticket enc-part");
            EncryptedData auth = Fields.required(req.getEncryptedAuthenticator(), "authenticator");
            return new ApReqMessage(options == null ? 0 : options.getFlags(), ticket, server,
                    KrbInts.etype(ticketPart), KrbInts.kvno(ticketPart),
                    Fields.required(ticketPart.getCipher(), "ticket cipher"), KrbInts.etype(auth),
                    Fields.required(auth.getCipher(), "authenticator cipher"));
        }, "AP-REQ");
    }

    /** Encodes an AP-REQ with the given ticket and encrypted authenticator (no kvno: it is a session key). */
    public static byte[] encode(boolean mutualRequired, Ticket ticket, int authenticatorEtype,
            byte[] encryptedAuthenticator) {
        ApReq req = new ApReq();
        ApOptions options = new ApOptions();
        if (mutualRequired) {
            options.setFlag(ApOption.MUTUAL_REQUIRED);
        }
        req.setApOptions(options);
        req.setTicket(ticket);
        req.setEncryptedAuthenticator(KrbInts.encryptedData(authenticatorEtype, null, encryptedAuthenticator));
        return KerberosCodec.encode(req);
    }
}
