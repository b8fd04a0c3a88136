package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.apache.kerby.kerberos.kerb.type.ticket.Tickets;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Encoding and decoding of the KRB-CRED that carries a delegated TGT in the 0x8003 checksum (RFC 4121
 * section 4.1.1, RFC 4120 section 5.8). Exactly one ticket is sent and accepted.
 */
public final class KrbCredCodec {
    /** etype 0: the enc-part is the plain EncKrbCredPart (sent by some old implementations). */
    public static final int ETYPE_NULL = 0;

    private KrbCredCodec() {
    }

    /** The outer KRB-CRED as received: the ticket and the (usually encrypted) EncKrbCredPart. */
    public record Outer(Ticket ticket, int etype, byte[] encPart) {
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
    public static byte[] encode(Ticket ticket, int etype, byte[] encPart) {
        KrbCred cred = new KrbCred();
        Tickets tickets = new Tickets();
        tickets.add(ticket);
        cred.setTickets(tickets);
        cred.setEncryptedEncPart(KrbInts.encryptedData(etype, null, encPart));
        return KerberosCodec.encode(cred);
    }

    public static Outer decode(byte[] der) throws NegotiateException {
        KrbCred cred = KerberosCodec.decode(der, KrbCred.class, "KRB-CRED");
        return KerberosCodec.read(() -> {
            Integer msgType = cred.msgTypeValue();
            if (msgType == null || msgType != KrbMessageType.KRB_CRED.getValue()) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a KRB-CRED");
            }
            Tickets tickets = Fields.required(cred.getTickets(), "KRB-CRED tickets");
            List<Ticket> list = tickets.getElements();
            if (list == null || list.size() != 1) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "a delegated KRB-CRED must hold exactly one ticket");
            }
            EncryptedData enc = Fields.required(cred.getEncryptedEncPart(), "KRB-CRED enc-part");
            return new Outer(list.get(0), KrbInts.etype(enc), Fields.required(enc.getCipher(), "KRB-CRED cipher"));
        }, "KRB-CRED");
    }

    /**
     * Reads the (decrypted) EncKrbCredPart and pairs it with the ticket: the delegated credential. Names absent
     * from KrbCredInfo are taken from the ticket ({@code server}) and the authenticated client ({@code client}).
     */
    public static ServiceTicket decodeCredPart(byte[] der, Ticket ticket, KerberosName client) throws NegotiateException {
        EncKrbCredPart part = KerberosCodec.decode(der, EncKrbCredPart.class, "EncKrbCredPart");
        return KerberosCodec.read(() -> {
            EncKrbCredPart.KrbCredInfos infos = Fields.required(part.getTicketInfo(), "ticket-info");
            List<KrbCredInfo> list = infos.getElements();
            if (list == null || list.size() != 1) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "EncKrbCredPart must describe exactly one ticket");
            }
            KrbCredInfo info = list.get(0);
            Krb5Key key = Fields.key(info.getKey(), "delegated session key");
            KerberosName pname = info.getPname() == null ? client
                    : Fields.name(info.getPname(), Optional.ofNullable(info.getPrealm()).orElse(client.realm()),
                            "delegated client");
            KerberosName sname = info.getSname() == null
                    ? Fields.name(ticket.getSname(), ticket.getRealm(), "delegated ticket server")
                    : Fields.name(info.getSname(), Optional.ofNullable(info.getSrealm()).orElse(ticket.getRealm()),
                            "delegated server");
            Instant end = Fields.time(info.getEndtime(), "delegated endtime");
            Instant auth = Fields.optionalTime(info.getAuthtime()).orElse(null);
            Instant start = Fields.optionalTime(info.getStarttime()).orElse(auth);
            return new ServiceTicket(ticket, key, pname, sname, auth, start, end,
                    Fields.optionalTime(info.getRenewTill()), info.getFlags() == null ? 0 : info.getFlags().getFlags());
        }, "EncKrbCredPart");
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
                throw new NegotiateException(Failure.INVALID_TOKEN, "the delegated KRB-CRED does not decrypt with "
                        + "the session key", e);
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
