package org.jnegotiate.krb5.kdc;

import java.time.Instant;
import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Encoding and decoding of KDC messages with Kerby's ASN.1 types, turning every decoder failure
 * (including runtime exceptions from malformed DER) into INVALID_TOKEN.
 */
public final class KdcMessages {
    /** First byte of a DER KRB-ERROR: [APPLICATION 30], constructed. */
    static final int TAG_KRB_ERROR = 0x7E;
    static final int TAG_AS_REP = 0x6B;
    static final int TAG_TGS_REP = 0x6D;
    /** Kerberos error code KRB_ERR_RESPONSE_TOO_BIG. */
    static final int RESPONSE_TOO_BIG = 52;

    private KdcMessages() {
    }

    public static byte[] encode(Asn1Type value) throws NegotiateException {
        try {
            return KrbCodec.encode(value);
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.INTERNAL_ERROR, "cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T extends Asn1Type> T decode(byte[] der, Class<T> type) throws NegotiateException {
        try {
            return KrbCodec.decode(der, type);
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The KRB-ERROR in {@code reply}, or null when the reply is not one. */
    public static KrbError errorOrNull(byte[] reply) throws NegotiateException {
        if (reply.length == 0 || (reply[0] & 0xFF) != TAG_KRB_ERROR) {
            return null;
        }
        return decode(reply, KrbError.class);
    }

    /** The numeric error code of a KRB-ERROR, -1 when Kerby does not know it. */
    public static int errorCode(KrbError error) {
        KrbErrorCode code = error.getErrorCode();
        return code == null ? -1 : code.getValue();
    }

    static boolean isResponseTooBig(byte[] reply) {
        try {
            KrbError e = errorOrNull(reply);
            return e != null && errorCode(e) == RESPONSE_TOO_BIG;
        } catch (NegotiateException e) {
            return false;
        }
    }

    static KerberosTime time(Instant t) {
        // KerberosTime has second precision on the wire; drop the milliseconds so re-encoding is stable.
        return new KerberosTime(t.getEpochSecond() * 1000L);
    }

    static Instant instant(KerberosTime t) {
        return t == null ? null : Instant.ofEpochMilli(t.getTime());
    }
}
