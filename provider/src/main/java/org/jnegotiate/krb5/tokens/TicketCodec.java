package org.jnegotiate.krb5.tokens;

import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * Reads a ticket (RFC 4120 section 5.3) into an {@link EncodedTicket}, and writes one's bytes as a field of a message
 * built with Kerby's types. The ticket is never re-encoded: the bytes read are the bytes written.
 */
public final class TicketCodec {
    private TicketCodec() {}

    /**
     * Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0] INTEGER (5), realm [1] Realm, sname [2] PrincipalName,
     * enc-part [3] EncryptedData }, all of {@code der}; the bytes are copied.
     */
    public static EncodedTicket decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "ticket", TicketCodec::bind);
    }

    /**
     * The ticket in {@code item}, an element of a message that the reader already checked (the ticket field of a
     * KDC-REP or KRB-CRED): its fields are checked here and its bytes copied out of the message.
     */
    public static EncodedTicket bind(DerElement item) throws NegotiateException {
        DerElement[] t = Asn1Tree.fields(
                Asn1Tree.application(Asn1Tree.required(item, "ticket"), EncodedTicket.TAG, "ticket"), 4, "ticket");
        Asn1Tree.integerEquals(t[0], 5, "tkt-vno");
        KerberosName server = KrbTree.principal(t[2], t[1], "ticket server");
        // the enc-part is checked but its cipher not copied apart: only the KDC or the service opens it
        DerElement[] e = Asn1Tree.fields(Asn1Tree.required(t[3], "ticket enc-part"), 3, "ticket enc-part");
        int etype = Asn1Tree.int32(e[0], "ticket enc-part etype");
        Integer kvno = e[1] == null ? null : (int) Asn1Tree.unsigned32(e[1], "ticket enc-part kvno");
        Asn1Tree.skipOctets(e[2], "ticket enc-part cipher");
        return new EncodedTicket(Arrays.copyOfRange(item.input(), item.offset(), item.end()), server, etype, kvno);
    }

    /**
     * A ticket built with Kerby's types (the tests' and the demo's in-memory KDC, a credential cache read by
     * Kerby's stream): encoded by Kerby, then read back as any other ticket.
     */
    public static EncodedTicket of(Ticket ticket) throws NegotiateException {
        return decode(KerberosCodec.encode(ticket));
    }

    /** An AP-REQ whose ticket field is {@code ticket}'s DER. */
    static ApReq apReqWithTicket(EncodedTicket ticket) {
        return new PreEncodedApReq(ticket.asField());
    }

    /** Kerby's AP-REQ with its ticket field set to an already encoded value (its typed setter wants a Ticket). */
    private static final class PreEncodedApReq extends ApReq {
        PreEncodedApReq(PreEncoded ticket) {
            setFieldAs(ApReqField.TICKET, ticket);
        }
    }
}
