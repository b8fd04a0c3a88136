package org.jnegotiate.krb5.tokens;

import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB_AP_REQ (RFC 4120 section 5.5.1) as the acceptor reads it: options, the ticket (server name, enc-part
 * etype/kvno/cipher) and the encrypted authenticator. Decoded from Kerby's parse tree ({@link Asn1Tree}); the
 * ticket is not kept as a Kerby {@code Ticket}: nothing reads it, and binding it cost most of the decoding.
 *
 * @param apOptions    the ap-options bits, most significant bit first ({@link #MUTUAL_REQUIRED})
 * @param ticketKvno   the key version of the ticket's enc-part, null when absent
 */
public record ApReqMessage(int apOptions, KerberosName server, int ticketEtype, Integer ticketKvno,
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

    /**
     * AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (14),
     * ap-options [2] APOptions, ticket [3] Ticket, authenticator [4] EncryptedData }.
     */
    public static ApReqMessage decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "AP-REQ", root -> {
            Asn1ParseResult[] f = Asn1Tree.fields(Asn1Tree.application(root, MSG_TYPE, "AP-REQ"), 5, "AP-REQ");
            if (Asn1Tree.int32(f[0], "AP-REQ pvno") != 5 || Asn1Tree.int32(f[1], "AP-REQ msg-type") != MSG_TYPE) {
                throw Asn1Tree.invalid("not a Kerberos 5 AP-REQ");
            }
            int options = f[2] == null ? 0 : Asn1Tree.kerberosFlags(f[2], "ap-options");
            // Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0] INTEGER (5), realm [1] Realm,
            //     sname [2] PrincipalName, enc-part [3] EncryptedData }
            Asn1ParseResult[] t = Asn1Tree.fields(Asn1Tree.application(Asn1Tree.required(f[3], "ticket"), 1,
                    "ticket"), 4, "ticket");
            Asn1Tree.integerEquals(t[0], 5, "tkt-vno");
            KerberosName server = KrbTree.principal(t[2], t[1], "ticket server");
            KrbTree.EncData ticketPart = KrbTree.encryptedData(t[3], "ticket enc-part");
            KrbTree.EncData auth = KrbTree.encryptedData(f[4], "authenticator");
            return new ApReqMessage(options, server, ticketPart.etype(), ticketPart.kvno(), ticketPart.cipher(),
                    auth.etype(), auth.cipher());
        });
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
