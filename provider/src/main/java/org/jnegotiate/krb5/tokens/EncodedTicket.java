package org.jnegotiate.krb5.tokens;

import java.util.Objects;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.TagClass;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.PreEncoded;

/**
 * A ticket and its DER, encoded by Kerby once, on first use, and then written as it is into every AP-REQ made
 * with the ticket: a cached service ticket is sent by many contexts, and re-encoding its Kerby {@code Ticket} each
 * time walked the whole object tree again (and wrote Kerby's cached lengths into an object shared by threads).
 * The bytes are Kerby's own encoding of the ticket, so the AP-REQ is byte for byte what encoding the
 * {@code Ticket} in place gives (tested).
 */
public final class EncodedTicket {
    /** [APPLICATION 1] of Ticket (RFC 4120 section 5.3), constructed. */
    private static final Tag TICKET_TAG = new Tag(TagClass.APPLICATION.getValue() | 0x20, Ticket.TAG);

    private final Ticket ticket;
    private volatile byte[] der; // encoded on first use; two threads may both encode it, to the same bytes

    public EncodedTicket(Ticket ticket) {
        this.ticket = Objects.requireNonNull(ticket, "ticket");
    }

    public Ticket ticket() {
        return ticket;
    }

    /** The DER of the ticket; not copied (package-private: the AP-REQ encoder only reads it). */
    byte[] der() {
        byte[] d = der;
        if (d == null) {
            der = d = KerberosCodec.encode(ticket);
        }
        return d;
    }

    /** An AP-REQ whose ticket field is this ticket's DER. */
    ApReq apReqWithTicket() {
        return new PreEncodedApReq(new PreEncoded(TICKET_TAG, der()));
    }

    /** Kerby's AP-REQ with its ticket field set to an already encoded value (its typed setter wants a Ticket). */
    private static final class PreEncodedApReq extends ApReq {
        PreEncodedApReq(PreEncoded ticket) {
            setFieldAs(ApReqField.TICKET, ticket);
        }
    }
}
