package org.jnegotiate.krb5.tokens;

import org.apache.kerby.asn1.Asn1FieldInfo;
import org.apache.kerby.asn1.EnumType;
import org.apache.kerby.asn1.ExplicitField;
import org.apache.kerby.asn1.type.Asn1Integer;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.KrbAppSequenceType;
import org.apache.kerby.kerberos.kerb.type.KrbSequenceOfType;
import org.apache.kerby.kerberos.kerb.type.base.HostAddress;

/**
 * EncKrbCredPart (RFC 4120 section 5.8.1), declared with Kerby's ASN.1 machinery:
 * <pre>
 * EncKrbCredPart ::= [APPLICATION 29] SEQUENCE {
 *     ticket-info [0] SEQUENCE OF KrbCredInfo,
 *     nonce       [1] UInt32 OPTIONAL,
 *     timestamp   [2] KerberosTime OPTIONAL,
 *     usec        [3] Microseconds OPTIONAL,
 *     s-address   [4] HostAddress OPTIONAL,
 *     r-address   [5] HostAddress OPTIONAL
 * }
 * </pre>
 */
public class EncKrbCredPart extends KrbAppSequenceType {
    public static final int TAG = 29;

    protected enum Field implements EnumType {
        TICKET_INFO,
        NONCE,
        TIMESTAMP,
        USEC,
        S_ADDRESS,
        R_ADDRESS;

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
        new ExplicitField(Field.TICKET_INFO, KrbCredInfos.class),
        new ExplicitField(Field.NONCE, Asn1Integer.class),
        new ExplicitField(Field.TIMESTAMP, KerberosTime.class),
        new ExplicitField(Field.USEC, Asn1Integer.class),
        new ExplicitField(Field.S_ADDRESS, HostAddress.class),
        new ExplicitField(Field.R_ADDRESS, HostAddress.class),
    };

    public EncKrbCredPart() {
        super(TAG, FIELDS);
    }

    public KrbCredInfos getTicketInfo() {
        return getFieldAs(Field.TICKET_INFO, KrbCredInfos.class);
    }

    public void setTicketInfo(KrbCredInfos infos) {
        setFieldAs(Field.TICKET_INFO, infos);
    }

    public KerberosTime getTimestamp() {
        return getFieldAsTime(Field.TIMESTAMP);
    }

    public void setTimestamp(KerberosTime time) {
        setFieldAs(Field.TIMESTAMP, time);
    }

    public Integer getUsec() {
        return getFieldAsInteger(Field.USEC);
    }

    public void setUsec(int usec) {
        setFieldAsInt(Field.USEC, usec);
    }

    /** SEQUENCE OF KrbCredInfo. */
    public static class KrbCredInfos extends KrbSequenceOfType<KrbCredInfo> {
        public KrbCredInfos() {}
    }
}
