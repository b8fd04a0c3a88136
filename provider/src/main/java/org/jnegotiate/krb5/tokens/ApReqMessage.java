package org.jnegotiate.krb5.tokens;

import java.util.Objects;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB_AP_REQ (RFC 4120 section 5.5.1) as the acceptor reads it: options, the ticket (server name, enc-part
 * etype/kvno/cipher) and the encrypted authenticator. Decoded from Kerby's parse tree ({@link Asn1Tree}); the
 * ticket is not kept as a Kerby {@code Ticket}: nothing reads it, and binding it cost most of the decoding.
 *
 * <p>Immutable. A final class rather than a record: a record's every construction goes through its canonical
 * constructor, which must clone the arrays it is given, so a decoded message would hold each ciphertext (the
 * ticket's is about a kilobyte) twice over. Here {@link #decode} adopts the one copy it made from the token, the
 * public constructor and accessors still copy, and the acceptor decrypts without a copy through
 * {@link #decryptTicket} and {@link #decryptAuthenticator}.
 */
public final class ApReqMessage {
    /** ap-options bit 2, mutual-required. */
    public static final int MUTUAL_REQUIRED = 0x20000000;
    /** Key usage of the ticket's enc-part. */
    public static final int TICKET_USAGE = 2;
    /** Key usage of the authenticator. */
    public static final int AUTHENTICATOR_USAGE = 11;
    /** Kerberos msg-type of an AP-REQ. */
    public static final int MSG_TYPE = 14;

    private final int apOptions;
    private final KerberosName server;
    private final int ticketEtype;
    private final Integer ticketKvno;
    private final byte[] ticketCipher;
    private final int authenticatorEtype;
    private final byte[] encryptedAuthenticator;

    /**
     * @param apOptions  the ap-options bits, most significant bit first ({@link #MUTUAL_REQUIRED})
     * @param ticketKvno the key version of the ticket's enc-part, null when absent
     */
    public ApReqMessage(
            int apOptions,
            KerberosName server,
            int ticketEtype,
            Integer ticketKvno,
            byte[] ticketCipher,
            int authenticatorEtype,
            byte[] encryptedAuthenticator) {
        this(
                apOptions,
                server,
                ticketEtype,
                ticketKvno,
                authenticatorEtype,
                ticketCipher.clone(),
                encryptedAuthenticator.clone());
    }

    /** Adopts the arrays (the decoder's own copies). */
    private ApReqMessage(
            int apOptions,
            KerberosName server,
            int ticketEtype,
            Integer ticketKvno,
            int authenticatorEtype,
            byte[] ticketCipher,
            byte[] encryptedAuthenticator) {
        this.apOptions = apOptions;
        this.server = Objects.requireNonNull(server, "server");
        this.ticketEtype = ticketEtype;
        this.ticketKvno = ticketKvno;
        this.ticketCipher = ticketCipher;
        this.authenticatorEtype = authenticatorEtype;
        this.encryptedAuthenticator = encryptedAuthenticator;
    }

    public int apOptions() {
        return apOptions;
    }

    public KerberosName server() {
        return server;
    }

    public int ticketEtype() {
        return ticketEtype;
    }

    public Integer ticketKvno() {
        return ticketKvno;
    }

    /** A copy of the ticket's enc-part cipher. */
    public byte[] ticketCipher() {
        return ticketCipher.clone();
    }

    public int authenticatorEtype() {
        return authenticatorEtype;
    }

    /** A copy of the authenticator's cipher. */
    public byte[] encryptedAuthenticator() {
        return encryptedAuthenticator.clone();
    }

    public boolean mutualRequired() {
        return (apOptions & MUTUAL_REQUIRED) != 0;
    }

    /** The ticket's EncTicketPart, decrypted with the service key's cipher (usage 2); the caller zeroes it. */
    public byte[] decryptTicket(Krb5Cipher serviceCipher) throws NegotiateException {
        return serviceCipher.decrypt(TICKET_USAGE, ticketCipher, 0, ticketCipher.length);
    }

    /** The Authenticator, decrypted with the session key's cipher (usage 11); the caller zeroes it. */
    public byte[] decryptAuthenticator(Krb5Cipher sessionCipher) throws NegotiateException {
        return sessionCipher.decrypt(AUTHENTICATOR_USAGE, encryptedAuthenticator, 0, encryptedAuthenticator.length);
    }

    @Override
    public String toString() {
        return "ApReqMessage[apOptions=0x" + Integer.toHexString(apOptions) + ", server=" + server + ", ticket etype "
                + ticketEtype + (ticketKvno == null ? "" : " kvno " + ticketKvno) + ", " + ticketCipher.length
                + " bytes, authenticator etype " + authenticatorEtype + ", " + encryptedAuthenticator.length
                + " bytes]";
    }

    /**
     * AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (14),
     * ap-options [2] APOptions, ticket [3] Ticket, authenticator [4] EncryptedData }.
     */
    public static ApReqMessage decode(byte[] der) throws NegotiateException {
        return decode(der, 0, der == null ? 0 : der.length);
    }

    /** {@link #decode(byte[])} of {@code length} bytes at {@code offset}, read in place. */
    public static ApReqMessage decode(byte[] der, int offset, int length) throws NegotiateException {
        return Asn1Tree.bind(der, offset, length, "AP-REQ", root -> {
            DerElement[] f = KrbTree.message(root, MSG_TYPE, 5, "AP-REQ");
            int options = f[2] == null ? 0 : Asn1Tree.kerberosFlags(f[2], "ap-options");
            // Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0] INTEGER (5), realm [1] Realm,
            //     sname [2] PrincipalName, enc-part [3] EncryptedData }
            DerElement[] t =
                    Asn1Tree.fields(Asn1Tree.application(Asn1Tree.required(f[3], "ticket"), 1, "ticket"), 4, "ticket");
            Asn1Tree.integerEquals(t[0], 5, "tkt-vno");
            KerberosName server = KrbTree.principal(t[2], t[1], "ticket server");
            KrbTree.EncData ticketPart = KrbTree.encryptedData(t[3], "ticket enc-part");
            KrbTree.EncData auth = KrbTree.encryptedData(f[4], "authenticator");
            return new ApReqMessage(
                    options,
                    server,
                    ticketPart.etype(),
                    ticketPart.kvno(),
                    auth.etype(),
                    ticketPart.cipher(),
                    auth.cipher());
        });
    }

    /**
     * Encodes an AP-REQ that carries {@code ticket}'s DER as it is, with the encrypted authenticator (no kvno: it is
     * in a session key): the PA-TGS-REQ of a TGS-REQ.
     */
    public static byte[] encode(
            boolean mutualRequired, EncodedTicket ticket, int authenticatorEtype, byte[] encryptedAuthenticator) {
        return KerberosCodec.encode(
                fill(TicketCodec.apReqWithTicket(ticket), mutualRequired, authenticatorEtype, encryptedAuthenticator));
    }

    /**
     * {@code TOK_ID || AP-REQ} (RFC 4121 section 4.1), the bytes of {@code ContextToken.inner(AP_REQ, encode(...))}
     * encoded into one array, with the ticket's DER encoded once per {@link EncodedTicket}: what the initiator sends.
     */
    public static byte[] encodeToken(
            boolean mutualRequired, EncodedTicket ticket, int authenticatorEtype, byte[] encryptedAuthenticator) {
        return ContextToken.encodeInner(
                ContextTokenId.AP_REQ,
                fill(TicketCodec.apReqWithTicket(ticket), mutualRequired, authenticatorEtype, encryptedAuthenticator));
    }

    private static ApReq fill(
            ApReq req, boolean mutualRequired, int authenticatorEtype, byte[] encryptedAuthenticator) {
        ApOptions options = new ApOptions();
        if (mutualRequired) {
            options.setFlag(ApOption.MUTUAL_REQUIRED);
        }
        req.setApOptions(options);
        req.setEncryptedAuthenticator(KrbInts.encryptedData(authenticatorEtype, null, encryptedAuthenticator));
        return req;
    }
}
