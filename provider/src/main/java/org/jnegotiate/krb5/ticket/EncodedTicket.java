package org.jnegotiate.krb5.ticket;

import java.util.Arrays;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.TagClass;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.krb5.names.KerberosName;

/**
 * A ticket (RFC 4120 section 5.3) as its issuer encoded it: the DER, checked by the project's reader and then kept
 * byte for byte, and what a client reads from it (the server's name, the enc-part's etype and kvno). A client never
 * opens a ticket, it sends it back: into every AP-REQ made with it, a KRB-CRED, a JAAS {@code KerberosTicket}. So
 * the bytes are the ticket; keeping them as received also means a ticket is never re-encoded differently from what
 * the KDC signed, and nothing holds a Kerby parse of it.
 *
 * <p>Read (and so made) only by the wire codecs ({@code org.jnegotiate.krb5.tokens.TicketCodec}), which check the
 * bytes first; this is the value they give.
 *
 * <p>Immutable: the bytes are a private copy, and {@link #der()} returns another.
 */
public final class EncodedTicket {
    /** [APPLICATION 1] of Ticket. */
    public static final int TAG = 1;
    /** Ticket's [APPLICATION 1], constructed, for Kerby's bookkeeping when the bytes are written as a field. */
    private static final Tag KERBY_TAG = new Tag(TagClass.APPLICATION.getValue() | 0x20, TAG);

    private final byte[] der;
    private final KerberosName server;
    private final int etype;
    private final Integer kvno;

    /** A ticket whose DER {@code der} (copied) a codec checked and read {@code server}, etype and kvno from. */
    public EncodedTicket(byte[] der, KerberosName server, int etype, Integer kvno) {
        this.der = der.clone();
        this.server = server;
        this.etype = etype;
        this.kvno = kvno;
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

    /**
     * The DER, to be written as a field of a Kerby message (the AP-REQ's ticket, a KRB-CRED's tickets) without a
     * copy: the value only ever writes the bytes out.
     */
    public PreEncoded asField() {
        return new PreEncoded(KERBY_TAG, der);
    }

    /** True when both hold the same bytes. */
    public boolean sameBytes(EncodedTicket other) {
        return Arrays.equals(der, other.der);
    }

    @Override
    public String toString() {
        return "EncodedTicket[" + server + ", etype " + etype + (kvno == null ? "" : " kvno " + kvno) + ", "
                + der.length + " bytes]";
    }
}
