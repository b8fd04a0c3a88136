package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncoding;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncodingType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.NegotiateException;

/**
 * The decrypted part of a ticket (EncTicketPart, RFC 4120 section 5.3) as the acceptor needs it. Client
 * addresses and authorization data (the PAC) are not interpreted.
 *
 * @param flags TicketFlags, most significant bit first ({@link #INVALID}, {@link #OK_AS_DELEGATE} ...)
 */
public record TicketPart(Krb5Key sessionKey, KerberosName client, int flags, Instant authTime,
        Optional<Instant> startTime, Instant endTime, Optional<Instant> renewTill) {
    public static final int FORWARDABLE = 0x40000000;
    public static final int INVALID = 0x01000000;
    public static final int OK_AS_DELEGATE = 0x00040000;

    /** The start of validity: starttime, or authtime when absent. */
    public Instant validFrom() {
        return startTime.orElse(authTime);
    }

    public static TicketPart decode(byte[] der) throws NegotiateException {
        EncTicketPart p = KerberosCodec.decode(der, EncTicketPart.class, "EncTicketPart");
        return KerberosCodec.read(() -> new TicketPart(Fields.key(p.getKey(), "ticket session key"),
                Fields.name(p.getCname(), p.getCrealm(), "ticket client"),
                p.getFlags() == null ? 0 : p.getFlags().getFlags(), Fields.time(p.getAuthTime(), "authtime"),
                Fields.optionalTime(p.getStartTime()), Fields.time(p.getEndTime(), "endtime"),
                Fields.optionalTime(p.getRenewtill())), "EncTicketPart");
    }

    /** Encodes the part (what a KDC does; used by tests and by the demo's in-memory tickets). */
    public byte[] encode() {
        EncTicketPart p = new EncTicketPart();
        p.setFlags(new TicketFlags(flags));
        p.setKey(Fields.kerbyKey(sessionKey));
        p.setCrealm(client.realm());
        p.setCname(client.toKerby());
        TransitedEncoding transited = new TransitedEncoding();
        transited.setTrType(TransitedEncodingType.DOMAIN_X500_COMPRESS);
        transited.setContents(new byte[0]);
        p.setTransited(transited);
        p.setAuthTime(Fields.kerberosTime(authTime));
        startTime.ifPresent(t -> p.setStartTime(Fields.kerberosTime(t)));
        p.setEndTime(Fields.kerberosTime(endTime));
        renewTill.ifPresent(t -> p.setRenewtill(Fields.kerberosTime(t)));
        return KerberosCodec.encode(p);
    }
}
