package org.jnegotiate.krb5.tokens;

import org.apache.kerby.asn1.Asn1FieldInfo;
import org.apache.kerby.asn1.EnumType;
import org.apache.kerby.asn1.ExplicitField;
import org.apache.kerby.asn1.type.Asn1Integer;
import org.apache.kerby.asn1.type.Asn1SequenceOf;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessage;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.ticket.Tickets;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.krb5.ticket.EncodedTicket;

/**
 * KRB-CRED (RFC 4120 section 5.8.1), which Kerby 2.1.1 lacks, declared with Kerby's ASN.1 machinery
 * in the style of its own KRB-PRIV:
 * <pre>
 * KRB-CRED ::= [APPLICATION 22] SEQUENCE {
 *     pvno     [0] INTEGER (5),
 *     msg-type [1] INTEGER (22),
 *     tickets  [2] SEQUENCE OF Ticket,
 *     enc-part [3] EncryptedData -- EncKrbCredPart
 * }
 * </pre>
 */
public class KrbCred extends KrbMessage {
    /** Key usage of the enc-part (RFC 4120 section 7.5.1). */
    public static final int ENC_PART_USAGE = 14;

    protected enum KrbCredField implements EnumType {
        PVNO,
        MSG_TYPE,
        TICKETS,
        ENC_PART;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    static final Asn1FieldInfo[] FIELDS = {
        new ExplicitField(KrbCredField.PVNO, Asn1Integer.class),
        new ExplicitField(KrbCredField.MSG_TYPE, Asn1Integer.class),
        new ExplicitField(KrbCredField.TICKETS, Tickets.class),
        new ExplicitField(KrbCredField.ENC_PART, EncryptedData.class),
    };

    public KrbCred() {
        super(KrbMessageType.KRB_CRED, FIELDS);
    }

    public Tickets getTickets() {
        return getFieldAs(KrbCredField.TICKETS, Tickets.class);
    }

    public void setTickets(Tickets tickets) {
        setFieldAs(KrbCredField.TICKETS, tickets);
    }

    /** The tickets field as one ticket written as its DER. */
    public void setTicket(EncodedTicket ticket) {
        Asn1SequenceOf<PreEncoded> tickets = new Asn1SequenceOf<>();
        tickets.add(ticket.asField());
        setFieldAs(KrbCredField.TICKETS, tickets);
    }

    public EncryptedData getEncryptedEncPart() {
        return getFieldAs(KrbCredField.ENC_PART, EncryptedData.class);
    }

    public void setEncryptedEncPart(EncryptedData encPart) {
        setFieldAs(KrbCredField.ENC_PART, encPart);
    }

    /** The msg-type as an int (Kerby's enum getter hides unknown values). */
    public Integer msgTypeValue() {
        return getFieldAsInteger(KrbCredField.MSG_TYPE);
    }
}
