package org.jnegotiate.krb5.tokens;

import java.util.Arrays;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.TagClass;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * A ticket (RFC 4120 section 5.3) as its issuer encoded it: the DER, checked by the project's reader and then kept
 * byte for byte, and what a client reads from it (the server's name, the enc-part's etype and kvno). A client never
 * opens a ticket, it sends it back: into every AP-REQ made with it, a KRB-CRED, a JAAS {@code KerberosTicket}. So
 * the bytes are the ticket; keeping them as received also means a ticket is never re-encoded differently from what
 * the KDC signed, and nothing holds a Kerby parse of it.
 *
 * <p>Immutable: the bytes are a private copy, and {@link #der()} returns another.
 */
public final class EncodedTicket {
    /** [APPLICATION 1] of Ticket. */
    static final int TAG = 1;
    /** Ticket's [APPLICATION 1], constructed, for Kerby's bookkeeping when the bytes are written as a field. */
    private static final Tag KERBY_TAG = new Tag(TagClass.APPLICATION.getValue() | 0x20, TAG);

    private final byte[] der;
    private final KerberosName server;
    private final int etype;
    private final Integer kvno;

    private EncodedTicket(byte[] der, KerberosName server, int etype, Integer kvno) {
        this.der = der;
        this.server = server;
        this.etype = etype;
        this.kvno = kvno;
    }

    /**
     * Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0] INTEGER (5), realm [1] Realm, sname [2] PrincipalName,
     * enc-part [3] EncryptedData }, all of {@code der}; the bytes are copied.
     */
    public static EncodedTicket decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "ticket", EncodedTicket::bind);
    }

    /**
     * The ticket in {@code item}, an element of a message that the reader already checked (the ticket field of a
     * KDC-REP or KRB-CRED): its fields are checked here and its bytes copied out of the message.
     */
    public static EncodedTicket bind(DerElement item) throws NegotiateException {
        DerElement[] t = Asn1Tree.fields(Asn1Tree.application(Asn1Tree.required(item, "ticket"), TAG, "ticket"), 4,
                "ticket");
        Asn1Tree.integerEquals(t[0], 5, "tkt-vno");
        KerberosName server = KrbTree.principal(t[2], t[1], "ticket server");
        // the enc-part is checked but its cipher not copied apart: only the KDC or the service opens it
        DerElement[] e = Asn1Tree.fields(Asn1Tree.required(t[3], "ticket enc-part"), 3, "ticket enc-part");
        int etype = Asn1Tree.int32(e[0], "ticket enc-part etype");
        Integer kvno = e[1] == null ? null : (int) Asn1Tree.unsigned32(e[1], "ticket enc-part kvno");
        Asn1Tree.skipOctets(e[2], "ticket enc-part cipher");
        byte[] der = Arrays.copyOfRange(item.input(), item.offset(), item.end());
        return new EncodedTicket(der, server, etype, kvno);
    }

    /**
     * A ticket built with Kerby's types (the tests' and the demo's in-memory KDC, a credential cache read by
     * Kerby's stream): encoded by Kerby, then read back as any other ticket.
     */
    public static EncodedTicket of(Ticket ticket) throws NegotiateException {
        return decode(KerberosCodec.encode(ticket));
    }

    /** A copy of the DER. */
    public byte[] der() {
        return der.clone();
    }

    /** The server and realm the ticket names (sname and realm). */
    public KerberosName server() {
        return server;
    }

    /** The etype of the ticket's enc-part: the service key's. */
    public int etype() {
        return etype;
    }

    /** The kvno of the service key, null when absent. */
    public Integer kvno() {
        return kvno;
    }

    /** True when both hold the same bytes. */
    public boolean sameBytes(EncodedTicket other) {
        return Arrays.equals(der, other.der);
    }

    /** The DER, written as a field of a Kerby message (the AP-REQ's ticket, a KRB-CRED's tickets). */
    PreEncoded field() {
        return new PreEncoded(KERBY_TAG, der);
    }

    /** An AP-REQ whose ticket field is this ticket's DER. */
    ApReq apReqWithTicket() {
        return new PreEncodedApReq(field());
    }

    @Override
    public String toString() {
        return "EncodedTicket[" + server + ", etype " + etype + (kvno == null ? "" : " kvno " + kvno) + ", "
                + der.length + " bytes]";
    }

    /** Kerby's AP-REQ with its ticket field set to an already encoded value (its typed setter wants a Ticket). */
    private static final class PreEncodedApReq extends ApReq {
        PreEncodedApReq(PreEncoded ticket) {
            setFieldAs(ApReqField.TICKET, ticket);
        }
    }
}
