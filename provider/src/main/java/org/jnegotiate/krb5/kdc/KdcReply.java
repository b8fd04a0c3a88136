package org.jnegotiate.krb5.kdc;

import java.util.List;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.krb5.tokens.KrbTree;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.jnegotiate.mech.NegotiateException;

/**
 * An AS-REP or TGS-REP (RFC 4120 section 5.4.2) as the client reads it, bound from the project's DER reader:
 * <pre>
 * AS-REP ::= [APPLICATION 11] KDC-REP      TGS-REP ::= [APPLICATION 13] KDC-REP
 * KDC-REP ::= SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (11 or 13),
 *     padata [2] SEQUENCE OF PA-DATA OPTIONAL, crealm [3] Realm, cname [4] PrincipalName,
 *     ticket [5] Ticket, enc-part [6] EncryptedData }
 * </pre>
 * Of the padata only PA-ETYPE-INFO2 is kept (the AS-REP's salt when the KDC did not ask for pre-authentication);
 * the ticket is kept as its DER.
 *
 * @param etypeInfo the PA-ETYPE-INFO2 entries of the padata, in order
 * @param encPart   the enc-part: EncASRepPart or EncTGSRepPart, encrypted
 */
record KdcReply(List<EtypeInfo2.Entry> etypeInfo, KerberosName client, EncodedTicket ticket, KrbTree.EncData encPart) {
    /** msg-type of an AS-REP. */
    static final int AS_REP = 11;
    /** msg-type of a TGS-REP. */
    static final int TGS_REP = 13;

    KdcReply {
        etypeInfo = List.copyOf(etypeInfo);
    }

    /** The reply of {@code msgType} ({@link #AS_REP}, {@link #TGS_REP}) that {@code der} is, all of it. */
    static KdcReply decode(byte[] der, int msgType) throws NegotiateException {
        String what = msgType == AS_REP ? "AS-REP" : "TGS-REP";
        return Asn1Tree.bind(der, what, root -> {
            DerElement[] f = KrbTree.message(root, msgType, 7, what);
            List<EtypeInfo2.Entry> etypeInfo = f[2] == null ? List.of() : EtypeInfo2.fromPadata(f[2]);
            KerberosName client = KrbTree.principal(f[4], f[3], what + " client");
            EncodedTicket ticket = TicketCodec.bind(f[5]);
            KrbTree.EncData encPart = KrbTree.encryptedData(f[6], what + " enc-part");
            return new KdcReply(etypeInfo, client, ticket, encPart);
        });
    }
}
