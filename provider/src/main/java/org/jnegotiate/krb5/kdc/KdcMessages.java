package org.jnegotiate.krb5.kdc;

import java.time.Instant;
import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Encoding of the KDC requests with Kerby's ASN.1 types, and what {@link KdcClient} needs to know of a reply. The
 * replies themselves are read by the project's DER reader ({@link KdcReply}, {@link EncKdcRepPart},
 * {@link KdcError}), never by Kerby.
 */
public final class KdcMessages {
    /** Kerberos error code KRB_ERR_RESPONSE_TOO_BIG. */
    static final int RESPONSE_TOO_BIG = 52;

    private KdcMessages() {}

    public static byte[] encode(Asn1Type value) throws NegotiateException {
        try {
            return KrbCodec.encode(value);
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(
                    Failure.INTERNAL_ERROR, "cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** True when {@code reply} is a well-formed KRB-ERROR with code KRB_ERR_RESPONSE_TOO_BIG. */
    static boolean isResponseTooBig(byte[] reply) {
        try {
            KdcError e = KdcError.decodeOrNull(reply);
            return e != null && e.code() == RESPONSE_TOO_BIG;
        } catch (NegotiateException e) {
            return false;
        }
    }

    static KerberosTime time(Instant t) {
        // KerberosTime has second precision on the wire; drop the milliseconds so re-encoding is stable.
        return new KerberosTime(t.getEpochSecond() * 1000L);
    }
}
