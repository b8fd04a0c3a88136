package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** Conversions between Kerby field values and this project's types, failing with INVALID_TOKEN. */
final class Fields {
    private Fields() {
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
        return KerberosCodec.read(() -> {
            if (name.getNameType() == null || name.getNameStrings() == null || name.getNameStrings().isEmpty()) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "empty " + what + " name");
            }
            return KerberosName.fromKerby(name, realm);
        }, what + " name");
    }

    static Instant time(KerberosTime t, String what) throws NegotiateException {
        return Instant.ofEpochMilli(required(t, what).getTime());
    }

    static Optional<Instant> optionalTime(KerberosTime t) {
        return t == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t.getTime()));
    }

    /** A KerberosTime that Kerby encodes without a SimpleDateFormat. */
    static KerberosTime kerberosTime(Instant t) {
        return new FastKerberosTime(t.toEpochMilli());
    }

    /** A key of an enctype this project implements; anything else is INVALID_TOKEN. */
    static Krb5Key key(EncryptionKey k, String what) throws NegotiateException {
        required(k, what);
        return key(KrbInts.keyType(k), required(k.getKeyData(), what + " value"), what);
    }

    /** A key of an enctype this project implements from its type and value; the value array is zeroed. */
    static Krb5Key key(int type, byte[] value, String what) throws NegotiateException {
        try {
            EncryptionType etype = EncryptionType.of(type).orElseThrow(() -> new NegotiateException(
                    Failure.INVALID_TOKEN, what + " of unsupported enctype " + type));
            if (value.length != etype.keyLength()) {
                throw new NegotiateException(Failure.INVALID_TOKEN, what + " of " + value.length + " bytes for "
                        + etype.krb5Name());
            }
            return new Krb5Key(etype, value);
        } finally {
            java.util.Arrays.fill(value, (byte) 0);
        }
    }

    /** A Kerby key holding a fresh copy of the key bytes (Kerby keeps the array; it dies with the message). */
    static EncryptionKey kerbyKey(Krb5Key key) {
        return KrbInts.encryptionKey(key.type().id(), key.bytes());
    }
}
