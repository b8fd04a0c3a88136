package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Kerby's typed decoding, for tests only: the reference the project's own binders are compared with, and a way to
 * look into what the project encodes. The provider itself never decodes through Kerby (its parser is unbounded);
 * these are the helpers it used to have, with every failure turned into INVALID_TOKEN as before.
 */
public final class KerbyDecoding {
    private KerbyDecoding() {}

    /** Decodes {@code der} as {@code type}. */
    public static <T extends Asn1Type> T decode(byte[] der, Class<T> type, String what) throws NegotiateException {
        try {
            return KrbCodec.decode(der, type);
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code der} as {@code type}; for test set-up, where a failure is the test's. */
    public static <T extends Asn1Type> T decode(byte[] der, Class<T> type) throws NegotiateException {
        return decode(der, type, type.getSimpleName());
    }

    /** Runs a getter of a decoded value: Kerby converts some fields lazily. */
    static <R> R read(Getter<R> getter, String what) throws NegotiateException {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e, e);
        }
    }

    @FunctionalInterface
    interface Getter<R> {
        R get() throws NegotiateException;
    }

    static <T> T required(T value, String what) throws NegotiateException {
        if (value == null) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "missing " + what);
        }
        return value;
    }

    static KerberosName name(PrincipalName name, String realm, String what) throws NegotiateException {
        required(name, what + " name");
        required(realm, what + " realm");
        if (name.getNameType() == null
                || name.getNameStrings() == null
                || name.getNameStrings().isEmpty()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "empty " + what + " name");
        }
        return KerberosName.fromKerby(name, realm);
    }

    static Instant time(KerberosTime t, String what) throws NegotiateException {
        return Instant.ofEpochMilli(required(t, what).getTime());
    }

    static Optional<Instant> optionalTime(KerberosTime t) {
        return t == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t.getTime()));
    }

    static Krb5Key key(EncryptionKey k, String what) throws NegotiateException {
        required(k, what);
        KrbInts.IntEncryptionKey own = decode(KerberosCodec.encode(k), KrbInts.IntEncryptionKey.class, what);
        return Fields.key(KrbInts.keyType(own), required(k.getKeyData(), what + " value"), what);
    }

    /** The raw checksum type of a Kerby checksum (its enum has no 0x8003): re-read through KrbInts' subclass. */
    public static int checksumType(CheckSum c) throws NegotiateException {
        return KrbInts.checksumType(decode(KerberosCodec.encode(c), KrbInts.IntCheckSum.class, "checksum"));
    }

    /** The raw etype of Kerby's encrypted data (its enum has no 19 and 20). */
    public static int etype(EncryptedData d) throws NegotiateException {
        return KrbInts.etype(decode(KerberosCodec.encode(d), KrbInts.IntEncryptedData.class, "encrypted data"));
    }

    public static Integer kvno(EncryptedData d) throws NegotiateException {
        return KrbInts.kvno(decode(KerberosCodec.encode(d), KrbInts.IntEncryptedData.class, "encrypted data"));
    }
}
