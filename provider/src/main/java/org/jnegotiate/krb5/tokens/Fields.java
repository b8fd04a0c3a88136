package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** Conversions between this project's types and the Kerby field values it encodes; reading a key fails with INVALID_TOKEN. */
final class Fields {
    private Fields() {}

    /** A KerberosTime that Kerby encodes without a SimpleDateFormat. */
    static KerberosTime kerberosTime(Instant t) {
        return new FastKerberosTime(t.toEpochMilli());
    }

    /** A key of an enctype this project implements from its type and value; the value array is zeroed. */
    static Krb5Key key(int type, byte[] value, String what) throws NegotiateException {
        try {
            EncryptionType etype = EncryptionType.of(type)
                    .orElseThrow(() ->
                            new NegotiateException(Failure.INVALID_TOKEN, what + " of unsupported enctype " + type));
            if (value.length != etype.keyLength()) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN, what + " of " + value.length + " bytes for " + etype.krb5Name());
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
