package org.jnegotiate.krb5.tokens;

import java.util.List;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.KrbIntegers;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EtypeInfo2Entry;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcReqBody;
import org.jnegotiate.mech.NegotiateException;

/**
 * Raw integer access to the type fields of Kerby's {@code CheckSum}, {@code EncryptedData},
 * {@code EncryptionKey}, {@code ETYPE-INFO2-ENTRY} and the etype list of {@code KDC-REQ-BODY}.
 *
 * <p>Why: Kerby 2.1.1 exposes these fields only as its own enums, which have no constant for the GSS
 * checksum type 0x8003 (RFC 4121 section 4.1.1) nor for the RFC 8009 enctypes 19 and 20; reading through
 * the enum would silently turn them into NONE. The subclasses below read and write the ASN.1 INTEGER
 * directly; values decoded by Kerby are re-read through them (a re-encode of a few dozen bytes).
 */
public final class KrbInts {
    private KrbInts() {
    }

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

    public static int checksumType(CheckSum c) throws NegotiateException {
        IntCheckSum own = c instanceof IntCheckSum i ? i
                : KerberosCodec.decode(KerberosCodec.encode(c), IntCheckSum.class, "checksum");
        return own.type();
    }

    public static int etype(EncryptedData d) throws NegotiateException {
        IntEncryptedData own = d instanceof IntEncryptedData i ? i
                : KerberosCodec.decode(KerberosCodec.encode(d), IntEncryptedData.class, "encrypted data");
        return own.etype();
    }

    /** The kvno, or null when absent. */
    public static Integer kvno(EncryptedData d) throws NegotiateException {
        IntEncryptedData own = d instanceof IntEncryptedData i ? i
                : KerberosCodec.decode(KerberosCodec.encode(d), IntEncryptedData.class, "encrypted data");
        return own.kvnoOrNull();
    }

    public static int keyType(EncryptionKey k) throws NegotiateException {
        IntEncryptionKey own = k instanceof IntEncryptionKey i ? i
                : KerberosCodec.decode(KerberosCodec.encode(k), IntEncryptionKey.class, "encryption key");
        return own.type();
    }

    /** The etype of a PA-ETYPE-INFO2 entry (RFC 4120 5.2.7.5). */
    public static int etype(EtypeInfo2Entry e) throws NegotiateException {
        IntEtypeInfo2Entry own = e instanceof IntEtypeInfo2Entry i ? i
                : KerberosCodec.decode(KerberosCodec.encode(e), IntEtypeInfo2Entry.class, "ETYPE-INFO2 entry");
        return own.etype();
    }

    /** A KDC-REQ-BODY whose etype list is written as numbers; fill the other fields with Kerby's setters. */
    public static KdcReqBody kdcReqBody(List<Integer> etypes) {
        IntKdcReqBody body = new IntKdcReqBody();
        body.setEtypeNumbers(etypes);
        return body;
    }

    /** The etype numbers a KDC-REQ-BODY asks for, in its order. */
    public static List<Integer> etypes(KdcReqBody body) throws NegotiateException {
        IntKdcReqBody own = body instanceof IntKdcReqBody i ? i
                : KerberosCodec.decode(KerberosCodec.encode(body), IntKdcReqBody.class, "KDC-REQ-BODY");
        return own.etypeNumbers();
    }

    /** Kerby's CheckSum with the type read and written as an int. */
    public static final class IntCheckSum extends CheckSum {
        public IntCheckSum() {
        }

        int type() throws NegotiateException {
            return required(getFieldAsInteger(CheckSumField.CKSUM_TYPE), "checksum type");
        }

        void setType(int type) {
            setFieldAsInt(CheckSumField.CKSUM_TYPE, type);
        }
    }

    /** Kerby's EncryptedData with the etype and kvno read and written as ints. */
    public static final class IntEncryptedData extends EncryptedData {
        public IntEncryptedData() {
        }

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
        public IntEncryptionKey() {
        }

        int type() throws NegotiateException {
            return required(getFieldAsInteger(EncryptionKeyField.KEY_TYPE), "key type");
        }

        void setType(int type) {
            setFieldAsInt(EncryptionKeyField.KEY_TYPE, type);
        }
    }

    /** Kerby's ETYPE-INFO2-ENTRY with the etype read as an int. */
    public static final class IntEtypeInfo2Entry extends EtypeInfo2Entry {
        public IntEtypeInfo2Entry() {
        }

        int etype() throws NegotiateException {
            return required(getFieldAsInteger(EtypeInfo2EntryField.ETYPE), "etype");
        }
    }

    /** Kerby's KDC-REQ-BODY with the etype list read and written as ints. */
    public static final class IntKdcReqBody extends KdcReqBody {
        public IntKdcReqBody() {
        }

        void setEtypeNumbers(List<Integer> etypes) {
            setFieldAs(KdcReqBodyField.ETYPE, new KrbIntegers(List.copyOf(etypes)));
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
