package org.jnegotiate.krb5.kdc;

import java.util.Optional;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.mech.NegotiateException;

/**
 * A KRB-ERROR from a KDC (RFC 4120 section 5.9.1), read by {@link KrbErrorMessage}'s binder: the error code as
 * sent (also one Kerby has no name for), the e-text, and the e-data, which a client reads for
 * KDC_ERR_PREAUTH_REQUIRED (METHOD-DATA, see {@link EtypeInfo2}). Immutable; a class rather than a record
 * because it holds an array.
 */
final class KdcError {
    /** The first byte of a DER KRB-ERROR: [APPLICATION 30], constructed. */
    static final int TAG = 0x40 | 0x20 | KrbErrorMessage.MSG_TYPE;

    private final int code;
    private final Optional<String> text;
    private final byte[] eData;

    KdcError(int code, Optional<String> text, byte[] eData) {
        this.code = code;
        this.text = text;
        this.eData = eData == null ? null : eData.clone();
    }

    /** The KRB-ERROR that {@code reply} is, or null when it does not start like one (it may be a KDC-REP). */
    static KdcError decodeOrNull(byte[] reply) throws NegotiateException {
        if (reply == null || reply.length == 0 || (reply[0] & 0xFF) != TAG) {
            return null;
        }
        return KrbErrorMessage.decode(
                reply,
                0,
                reply.length,
                (code, text, eData) ->
                        new KdcError(code, text, eData == null ? null : Asn1Tree.octets(eData, "e-data")));
    }

    /** The error code (RFC 4120 section 7.5.9) as sent. */
    int code() {
        return code;
    }

    /** The e-text. */
    Optional<String> text() {
        return text;
    }

    /** A copy of the e-data, empty when absent. */
    Optional<byte[]> eData() {
        return eData == null ? Optional.empty() : Optional.of(eData.clone());
    }

    /** The RFC 4120 name of the code ("KDC_ERR_PREAUTH_REQUIRED"), or "unknown error". */
    String codeName() {
        for (KrbErrorCode c : KrbErrorCode.values()) {
            if (c.getValue() == code) {
                return c.name();
            }
        }
        return "unknown error";
    }

    @Override
    public String toString() {
        return "KdcError[" + code + " " + codeName()
                + text.map(t -> " \"" + t + "\"").orElse("")
                + (eData == null ? "" : ", " + eData.length + " bytes of e-data") + "]";
    }
}
