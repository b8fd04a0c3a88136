package org.jnegotiate.krb5.creds;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.EncodedTicket;

/**
 * A ticket and what the client knows about it from the KDC reply (RFC 4120 EncKDCRepPart): the
 * session key, names, times and flags. Used for service tickets and for (forwarded) TGTs.
 *
 * @param ticket    the ticket as Kerby decoded it (its enc-part is opaque to the client)
 * @param flags     the TicketFlags bits as an int (bit 1 = forwardable ... RFC 4120 5.3 numbering,
 *                  most significant bit first, as Kerby's {@code TicketFlags.getFlags()})
 * @param encoded   the same ticket with its DER, encoded once for all the AP-REQs sent with this ticket
 */
public record ServiceTicket(Ticket ticket, Krb5Key sessionKey, KerberosName client, KerberosName server,
        Instant authTime, Instant startTime, Instant endTime, Optional<Instant> renewTill, int flags,
        EncodedTicket encoded) {

    public ServiceTicket {
        Objects.requireNonNull(ticket, "ticket");
        if (Objects.requireNonNull(encoded, "encoded").ticket() != ticket) {
            throw new IllegalArgumentException("the encoded ticket is not this ticket");
        }
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(endTime, "endTime");
        startTime = startTime == null ? authTime : startTime;
        renewTill = renewTill == null ? Optional.empty() : renewTill;
    }

    /** A ticket whose DER is encoded on its first use. */
    public ServiceTicket(Ticket ticket, Krb5Key sessionKey, KerberosName client, KerberosName server,
            Instant authTime, Instant startTime, Instant endTime, Optional<Instant> renewTill, int flags) {
        this(ticket, sessionKey, client, server, authTime, startTime, endTime, renewTill, flags,
                new EncodedTicket(Objects.requireNonNull(ticket, "ticket")));
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(endTime);
    }
}
