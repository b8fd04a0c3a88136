package org.jnegotiate.krb5.ticket;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;

/**
 * A ticket and what the client knows about it from the KDC reply (RFC 4120 EncKDCRepPart): the
 * session key, names, times and flags. Used for service tickets and for (forwarded) TGTs.
 *
 * @param ticket    the ticket's DER as the KDC sent it (its enc-part is opaque to the client), written as it is
 *                  into every AP-REQ sent with this ticket
 * @param flags     the TicketFlags bits as an int (bit 1 = forwardable ... RFC 4120 5.3 numbering,
 *                  most significant bit first, as Kerby's {@code TicketFlags.getFlags()})
 */
public record ServiceTicket(
        EncodedTicket ticket,
        Krb5Key sessionKey,
        KerberosName client,
        KerberosName server,
        Instant authTime,
        Instant startTime,
        Instant endTime,
        Optional<Instant> renewTill,
        int flags) {

    public ServiceTicket {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(endTime, "endTime");
        startTime = startTime == null ? authTime : startTime;
        renewTill = renewTill == null ? Optional.empty() : renewTill;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(endTime);
    }
}
