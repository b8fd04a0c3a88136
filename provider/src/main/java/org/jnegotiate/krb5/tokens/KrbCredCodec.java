package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Encoding and decoding of the KRB-CRED that carries a delegated TGT in the 0x8003 checksum (RFC 4121
 * section 4.1.1, RFC 4120 section 5.8). Exactly one ticket is sent and accepted. Encoded with Kerby's types (the
 * ticket written as its DER); decoded from the project's DER reader ({@link Asn1Tree}), as everything a peer sends.
 */
public final class KrbCredCodec {
    /** etype 0: the enc-part is the plain EncKrbCredPart (sent by some old implementations). */
    public static final int ETYPE_NULL = 0;

    private KrbCredCodec() {}

    /** Kerberos msg-type, and [APPLICATION 22] tag, of a KRB-CRED. */
    public static final int MSG_TYPE = 22;

    /** The outer KRB-CRED as received: the ticket and the (usually encrypted) EncKrbCredPart. */
    public record Outer(EncodedTicket ticket, int etype, byte[] encPart) {
        public Outer {
            encPart = encPart.clone();
        }

        @Override
        public byte[] encPart() {
            return encPart.clone();
        }
    }

    /** The DER EncKrbCredPart describing {@code tgt}. */
    public static byte[] encodeCredPart(ServiceTicket tgt, Instant timestamp, int usec) {
        KrbCredInfo info = new KrbCredInfo();
        info.setKey(Fields.kerbyKey(tgt.sessionKey()));
        info.setPrealm(tgt.client().realm());
        info.setPname(tgt.client().toKerby());
        info.setFlags(new TicketFlags(tgt.flags()));
        if (tgt.authTime() != null) {
            info.setAuthtime(Fields.kerberosTime(tgt.authTime()));
        }
        if (tgt.startTime() != null) {
            info.setStarttime(Fields.kerberosTime(tgt.startTime()));
        }
        info.setEndtime(Fields.kerberosTime(tgt.endTime()));
        tgt.renewTill().ifPresent(t -> info.setRenewTill(Fields.kerberosTime(t)));
        info.setSrealm(tgt.server().realm());
        info.setSname(tgt.server().toKerby());
        EncKrbCredPart part = new EncKrbCredPart();
        EncKrbCredPart.KrbCredInfos infos = new EncKrbCredPart.KrbCredInfos();
        infos.add(info);
        part.setTicketInfo(infos);
        part.setTimestamp(Fields.kerberosTime(timestamp));
        part.setUsec(usec);
        return KerberosCodec.encode(part);
    }

    /** The DER KRB-CRED around {@code ticket} and an enc-part of {@code etype}. */
    public static byte[] encode(EncodedTicket ticket, int etype, byte[] encPart) {
        KrbCred cred = new KrbCred();
        cred.setTicket(ticket);
        cred.setEncryptedEncPart(KrbInts.encryptedData(etype, null, encPart));
        return KerberosCodec.encode(cred);
    }

    /**
     * KRB-CRED ::= [APPLICATION 22] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (22),
     * tickets [2] SEQUENCE OF Ticket, enc-part [3] EncryptedData }, with exactly one ticket.
     */
    public static Outer decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "KRB-CRED", root -> {
            DerElement[] f = KrbTree.message(root, MSG_TYPE, 4, "KRB-CRED");
            List<DerElement> tickets = Asn1Tree.sequenceOf(f[2], "KRB-CRED tickets");
            if (tickets.size() != 1) {
                throw Asn1Tree.invalid("a delegated KRB-CRED must hold exactly one ticket");
            }
            EncodedTicket ticket = TicketCodec.bind(tickets.get(0));
            KrbTree.EncData enc = KrbTree.encryptedData(f[3], "KRB-CRED enc-part");
            return new Outer(ticket, enc.etype(), enc.cipher());
        });
    }

    /**
     * Reads the (decrypted) EncKrbCredPart and pairs it with the ticket: the delegated credential. Names absent
     * from KrbCredInfo are taken from the ticket ({@code server}) and the authenticated client ({@code client}).
     *
     * <pre>
     * EncKrbCredPart ::= [APPLICATION 29] SEQUENCE { ticket-info [0] SEQUENCE OF KrbCredInfo,
     *     nonce [1] UInt32 OPTIONAL, timestamp [2] KerberosTime OPTIONAL, usec [3] Microseconds OPTIONAL,
     *     s-address [4] HostAddress OPTIONAL, r-address [5] HostAddress OPTIONAL }
     * </pre>
     * Exactly one KrbCredInfo; the other fields are checked and not used (the part is encrypted in the context's
     * session key, which is what authenticates it).
     */
    public static ServiceTicket decodeCredPart(byte[] der, EncodedTicket ticket, KerberosName client)
            throws NegotiateException {
        return Asn1Tree.bind(der, "EncKrbCredPart", root -> {
            DerElement[] f = Asn1Tree.fields(
                    Asn1Tree.application(root, EncKrbCredPart.TAG, "EncKrbCredPart"), 6, "EncKrbCredPart");
            List<DerElement> infos = Asn1Tree.sequenceOf(f[0], "ticket-info");
            if (infos.size() != 1) {
                throw Asn1Tree.invalid("EncKrbCredPart must describe exactly one ticket");
            }
            if (f[1] != null) {
                Asn1Tree.unsigned32(f[1], "KRB-CRED nonce");
            }
            if (f[2] != null) {
                Asn1Tree.kerberosTime(f[2], "KRB-CRED timestamp");
            }
            if (f[3] != null) {
                KrbTree.microseconds(f[3], "KRB-CRED usec");
            }
            for (int address = 4; address <= 5; address++) {
                if (f[address] != null) {
                    KrbTree.skipHostAddress(f[address], "KRB-CRED address");
                }
            }
            return credInfo(infos.get(0), ticket, client);
        });
    }

    /**
     * KrbCredInfo ::= SEQUENCE { key [0] EncryptionKey, prealm [1] Realm OPTIONAL, pname [2] PrincipalName OPTIONAL,
     * flags [3] TicketFlags OPTIONAL, authtime [4] KerberosTime OPTIONAL, starttime [5] KerberosTime OPTIONAL,
     * endtime [6] KerberosTime OPTIONAL, renew-till [7] KerberosTime OPTIONAL, srealm [8] Realm OPTIONAL,
     * sname [9] PrincipalName OPTIONAL, caddr [10] HostAddresses OPTIONAL }. The endtime is required here: a
     * credential without one cannot be used.
     */
    private static ServiceTicket credInfo(DerElement item, EncodedTicket ticket, KerberosName client)
            throws NegotiateException {
        DerElement[] f = Asn1Tree.fields(item, 11, "KrbCredInfo");
        String prealm = f[1] == null ? client.realm() : Asn1Tree.generalString(f[1], "delegated client realm");
        KerberosName pname = f[2] == null ? client : KrbTree.principal(f[2], prealm, "delegated client");
        int flags = f[3] == null ? 0 : Asn1Tree.kerberosFlags(f[3], "delegated ticket flags");
        Instant auth = f[4] == null ? null : Asn1Tree.kerberosTime(f[4], "delegated authtime");
        Instant start = f[5] == null ? auth : Asn1Tree.kerberosTime(f[5], "delegated starttime");
        Instant end = Asn1Tree.kerberosTime(f[6], "delegated endtime");
        Optional<Instant> renewTill =
                f[7] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[7], "delegated renew-till"));
        String srealm = f[8] == null ? ticket.server().realm() : Asn1Tree.generalString(f[8], "delegated server realm");
        KerberosName sname = f[9] == null ? ticket.server() : KrbTree.principal(f[9], srealm, "delegated server");
        if (f[10] != null) {
            KrbTree.skipHostAddresses(f[10], "delegated caddr");
        }
        // the key last: nothing may fail after it exists
        Krb5Key key = KrbTree.key(f[0], "delegated session key");
        return new ServiceTicket(ticket, key, pname, sname, auth, start, end, renewTill, flags);
    }

    /**
     * The TGT delegated in a KRB-CRED (the 0x8003 checksum's Deleg field): its enc-part opened with the context's
     * session key, or read as it is when it was sent unencrypted (etype 0). The plaintext is erased after use.
     */
    public static ServiceTicket openDelegated(byte[] krbCred, Krb5Cipher sessionCipher, KerberosName client)
            throws NegotiateException {
        Outer cred = decode(krbCred);
        byte[] part;
        if (cred.etype() == ETYPE_NULL) {
            part = cred.encPart();
        } else if (cred.etype() == sessionCipher.type().id()) {
            byte[] sealed = cred.encPart();
            try {
                part = sessionCipher.decrypt(KrbCred.ENC_PART_USAGE, sealed, 0, sealed.length);
            } catch (NegotiateException e) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN, "the delegated KRB-CRED does not decrypt with " + "the session key", e);
            }
        } else {
            throw new NegotiateException(Failure.INVALID_TOKEN, "delegated KRB-CRED of etype " + cred.etype());
        }
        try {
            return decodeCredPart(part, cred.ticket(), client);
        } finally {
            Arrays.fill(part, (byte) 0);
        }
    }
}
