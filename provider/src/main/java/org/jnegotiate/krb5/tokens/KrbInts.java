package org.jnegotiate.krb5.tokens;

import java.util.List;
import org.apache.kerby.asn1.type.Asn1SequenceOf;
import org.apache.kerby.kerberos.kerb.type.KrbIntegers;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcReqBody;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * Raw integer access to the type fields of Kerby's {@code CheckSum}, {@code EncryptedData},
 * {@code EncryptionKey}, {@code ETYPE-INFO2-ENTRY} and the etype list of {@code KDC-REQ-BODY}.
 *
 * <p>Why: Kerby 2.1.1 exposes these fields only as its own enums, which have no constant for the GSS
 * checksum type 0x8003 (RFC 4121 section 4.1.1) nor for the RFC 8009 enctypes 19 and 20; reading through
 * the enum would silently turn them into NONE. The subclasses below read and write the ASN.1 INTEGER
 * directly. Only what this project builds (or what a local-file reader built with these subclasses, as the ccache
 * reader does) can be read back: nothing here parses. What comes from a peer or a KDC is read by the project's
 * DER reader, which keeps every number as sent.
 */
public final class KrbInts {
    private KrbInts() {}

    /** A checksum with any type number. */
    public static CheckSum checksum(int type, byte[] value) {
        IntCheckSum c = new IntCheckSum();
        c.setType(type);
        c.setChecksum(value);
        return c;
    }

    /** Encrypted data with any etype number; {@code kvno} null leaves the field out. */
    public static EncryptedData encryptedData(int etype, Integer kvno, byte[] cipher) {
        IntEncryptedData d = new IntEncryptedData();
        d.setEtype(etype);
        if (kvno != null) {
            d.setKvno(kvno);
        }
        d.setCipher(cipher);
        return d;
    }

    /** A key with any keytype number. */
    public static EncryptionKey encryptionKey(int keyType, byte[] keyValue) {
        IntEncryptionKey k = new IntEncryptionKey();
        k.setType(keyType);
        k.setKeyData(keyValue);
        return k;
    }

    /** The checksum type of a checksum built here. */
    public static int checksumType(IntCheckSum c) throws NegotiateException {
        return c.type();
    }

    /** The etype of encrypted data built here. */
    public static int etype(IntEncryptedData d) throws NegotiateException {
        return d.etype();
    }

    /** The kvno of encrypted data built here, or null when absent. */
    public static Integer kvno(IntEncryptedData d) {
        return d.kvnoOrNull();
    }

    /** The keytype of a key built here (or by the ccache reader's stream). */
    public static int keyType(IntEncryptionKey k) throws NegotiateException {
        return k.type();
    }

    /** A KDC-REQ-BODY whose etype list is written as numbers; fill the other fields with Kerby's setters. */
    public static KdcReqBody kdcReqBody(List<Integer> etypes) {
        IntKdcReqBody body = new IntKdcReqBody();
        body.setEtypeNumbers(etypes);
        return body;
    }

    /** The etype numbers a KDC-REQ-BODY built here asks for, in its order. */
    public static List<Integer> etypes(IntKdcReqBody body) {
        return body.etypeNumbers();
    }

    /** Kerby's CheckSum with the type read and written as an int. */
    public static final class IntCheckSum extends CheckSum {
        public IntCheckSum() {}

        int type() throws NegotiateException {
            return required(getFieldAsInteger(CheckSumField.CKSUM_TYPE), "checksum type");
        }

        void setType(int type) {
            setFieldAsInt(CheckSumField.CKSUM_TYPE, type);
        }
    }

    /** Kerby's EncryptedData with the etype and kvno read and written as ints. */
    public static final class IntEncryptedData extends EncryptedData {
        public IntEncryptedData() {}

        int etype() throws NegotiateException {
            return required(getFieldAsInteger(EncryptedDataField.ETYPE), "etype");
        }

        Integer kvnoOrNull() {
            return getFieldAsInteger(EncryptedDataField.KVNO);
        }

        void setEtype(int etype) {
            setFieldAsInt(EncryptedDataField.ETYPE, etype);
        }
    }

    /** Kerby's EncryptionKey with the keytype read and written as an int. */
    public static final class IntEncryptionKey extends EncryptionKey {
        public IntEncryptionKey() {}

        int type() throws NegotiateException {
            return required(getFieldAsInteger(EncryptionKeyField.KEY_TYPE), "key type");
        }

        void setType(int type) {
            setFieldAsInt(EncryptionKeyField.KEY_TYPE, type);
        }
    }

    /** Kerby's KDC-REQ-BODY with the etype list read and written as ints. */
    public static final class IntKdcReqBody extends KdcReqBody {
        public IntKdcReqBody() {}

        void setEtypeNumbers(List<Integer> etypes) {
            setFieldAs(KdcReqBodyField.ETYPE, new KrbIntegers(List.copyOf(etypes)));
        }

        /** additional-tickets [11] with one ticket written as its DER (S4U2proxy's evidence ticket, MS-SFU). */
        public void setAdditionalTicket(EncodedTicket ticket) {
            Asn1SequenceOf<PreEncoded> tickets = new Asn1SequenceOf<>();
            tickets.add(ticket.asField());
            setFieldAs(KdcReqBodyField.ADDITIONAL_TICKETS, tickets);
        }

        List<Integer> etypeNumbers() {
            KrbIntegers list = getFieldAs(KdcReqBodyField.ETYPE, KrbIntegers.class);
            return list == null ? List.of() : List.copyOf(list.getValues());
        }
    }

    private static int required(Integer v, String what) throws NegotiateException {
        if (v == null) {
            throw new NegotiateException(org.jnegotiate.mech.Failure.INVALID_TOKEN, "missing " + what);
        }
        return v;
    }
}
