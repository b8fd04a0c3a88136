package org.jnegotiate.krb5.tokens;

import org.apache.kerby.asn1.Asn1FieldInfo;
import org.apache.kerby.asn1.EnumType;
import org.apache.kerby.asn1.ExplicitField;
import org.apache.kerby.kerberos.kerb.type.KerberosString;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.KrbSequenceType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.HostAddresses;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;

/**
 * KrbCredInfo (RFC 4120 section 5.8.1), declared with Kerby's ASN.1 machinery:
 * <pre>
 * KrbCredInfo ::= SEQUENCE {
 *     key [0] EncryptionKey, prealm [1] Realm OPTIONAL, pname [2] PrincipalName OPTIONAL,
 *     flags [3] TicketFlags OPTIONAL, authtime [4] KerberosTime OPTIONAL,
 *     starttime [5] KerberosTime OPTIONAL, endtime [6] KerberosTime OPTIONAL,
 *     renew-till [7] KerberosTime OPTIONAL, srealm [8] Realm OPTIONAL,
 *     sname [9] PrincipalName OPTIONAL, caddr [10] HostAddresses OPTIONAL
 * }
 * </pre>
 */
public class KrbCredInfo extends KrbSequenceType {
    protected enum Field implements EnumType {
        KEY,
        PREALM,
        PNAME,
        FLAGS,
        AUTHTIME,
        STARTTIME,
        ENDTIME,
        RENEW_TILL,
        SREALM,
        SNAME,
        CADDR;

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
        new ExplicitField(Field.KEY, EncryptionKey.class),
        new ExplicitField(Field.PREALM, KerberosString.class),
        new ExplicitField(Field.PNAME, PrincipalName.class),
        new ExplicitField(Field.FLAGS, TicketFlags.class),
        new ExplicitField(Field.AUTHTIME, KerberosTime.class),
        new ExplicitField(Field.STARTTIME, KerberosTime.class),
        new ExplicitField(Field.ENDTIME, KerberosTime.class),
        new ExplicitField(Field.RENEW_TILL, KerberosTime.class),
        new ExplicitField(Field.SREALM, KerberosString.class),
        new ExplicitField(Field.SNAME, PrincipalName.class),
        new ExplicitField(Field.CADDR, HostAddresses.class),
    };

    public KrbCredInfo() {
        super(FIELDS);
    }

    public EncryptionKey getKey() {
        return getFieldAs(Field.KEY, EncryptionKey.class);
    }

    public void setKey(EncryptionKey key) {
        setFieldAs(Field.KEY, key);
    }

    public String getPrealm() {
        return getFieldAsString(Field.PREALM);
    }

    public void setPrealm(String realm) {
        setFieldAsString(Field.PREALM, realm);
    }

    public PrincipalName getPname() {
        return getFieldAs(Field.PNAME, PrincipalName.class);
    }

    public void setPname(PrincipalName name) {
        setFieldAs(Field.PNAME, name);
    }

    public TicketFlags getFlags() {
        return getFieldAs(Field.FLAGS, TicketFlags.class);
    }

    public void setFlags(TicketFlags flags) {
        setFieldAs(Field.FLAGS, flags);
    }

    public KerberosTime getAuthtime() {
        return getFieldAsTime(Field.AUTHTIME);
    }

    public void setAuthtime(KerberosTime t) {
        setFieldAs(Field.AUTHTIME, t);
    }

    public KerberosTime getStarttime() {
        return getFieldAsTime(Field.STARTTIME);
    }

    public void setStarttime(KerberosTime t) {
        setFieldAs(Field.STARTTIME, t);
    }

    public KerberosTime getEndtime() {
        return getFieldAsTime(Field.ENDTIME);
    }

    public void setEndtime(KerberosTime t) {
        setFieldAs(Field.ENDTIME, t);
    }

    public KerberosTime getRenewTill() {
        return getFieldAsTime(Field.RENEW_TILL);
    }

    public void setRenewTill(KerberosTime t) {
        setFieldAs(Field.RENEW_TILL, t);
    }

    public String getSrealm() {
        return getFieldAsString(Field.SREALM);
    }

    public void setSrealm(String realm) {
        setFieldAsString(Field.SREALM, realm);
    }

    public PrincipalName getSname() {
        return getFieldAs(Field.SNAME, PrincipalName.class);
    }

    public void setSname(PrincipalName name) {
        setFieldAs(Field.SNAME, name);
    }
}
