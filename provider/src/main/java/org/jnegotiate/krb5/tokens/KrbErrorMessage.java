package org.jnegotiate.krb5.tokens;

import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** KRB-ERROR (RFC 4120 section 5.9.1) as an initiator receives it in a context token (TOK_ID 03 00). */
public record KrbErrorMessage(int errorCode, Optional<String> text) {
    public static final int KRB_AP_ERR_TKT_EXPIRED = 32;
    public static final int KRB_AP_ERR_TKT_NYV = 33;
    public static final int KRB_AP_ERR_REPEAT = 34;
    public static final int KRB_AP_ERR_NOT_US = 35;
    public static final int KRB_AP_ERR_BADMATCH = 36;
    public static final int KRB_AP_ERR_SKEW = 37;
    public static final int KRB_AP_ERR_MODIFIED = 41;
    public static final int KRB_AP_ERR_BADKEYVER = 44;
    public static final int KRB_AP_ERR_NOKEY = 45;

    public static KrbErrorMessage decode(byte[] der) throws NegotiateException {
        KrbError e = KerberosCodec.decode(der, KrbError.class, "KRB-ERROR");
        return KerberosCodec.read(() -> {
            if (e.getMsgType() != KrbMessageType.KRB_ERROR) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a KRB-ERROR");
            }
            return new KrbErrorMessage(Fields.required(e.getErrorCode(), "error-code").getValue(),
                    Optional.ofNullable(e.getEtext()));
        }, "KRB-ERROR");
    }

    /** The failure an initiator reports for this error from the acceptor. */
    public Failure failure() {
        switch (errorCode) {
            case KRB_AP_ERR_SKEW:
            case KRB_AP_ERR_TKT_NYV:
                return Failure.TIME_SKEW;
            case KRB_AP_ERR_REPEAT:
                return Failure.REPLAYED_TOKEN;
            case KRB_AP_ERR_TKT_EXPIRED:
                return Failure.CONTEXT_EXPIRED;
            case KRB_AP_ERR_NOT_US:
                return Failure.WRONG_PRINCIPAL;
            default:
                return Failure.LOGON_DENIED;
        }
    }

    /** The exception for this error, with the Kerberos error code as minor status. */
    public NegotiateException toException() {
        return new NegotiateException(failure(), errorCode, "the acceptor answered with KRB-ERROR " + errorCode
                + text.map(t -> " (" + t + ")").orElse(""), null);
    }
}
