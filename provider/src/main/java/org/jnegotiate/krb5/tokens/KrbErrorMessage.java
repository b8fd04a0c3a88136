package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB-ERROR (RFC 4120 section 5.9.1) in a GSS context token (TOK_ID 03 00, RFC 4121 section 4.1): what an
 * acceptor answers instead of an AP-REP when the AP-REQ fails, and what the initiator reads back.
 *
 * <p>{@link #failure(int)} is the one table between a Kerberos AP error code and a {@link Failure}: the acceptor
 * throws each code with this failure, and the initiator that receives the code reports the same one.
 */
public record KrbErrorMessage(int errorCode, Optional<String> text) {
    /** "Integrity check on decrypted field failed": what MIT's krb5_rd_req reports for a ticket in the wrong key. */
    public static final int KRB_AP_ERR_BAD_INTEGRITY = 31;
    public static final int KRB_AP_ERR_TKT_EXPIRED = 32;
    public static final int KRB_AP_ERR_TKT_NYV = 33;
    public static final int KRB_AP_ERR_REPEAT = 34;
    public static final int KRB_AP_ERR_NOT_US = 35;
    public static final int KRB_AP_ERR_BADMATCH = 36;
    public static final int KRB_AP_ERR_SKEW = 37;
    public static final int KRB_AP_ERR_MODIFIED = 41;
    public static final int KRB_AP_ERR_BADKEYVER = 44;
    public static final int KRB_AP_ERR_NOKEY = 45;
    /**
     * KRB_ERR_GENERIC. MIT's acceptor sends it for a channel-binding mismatch: process_checksum() fails with
     * GSS_S_BAD_BINDINGS and no Kerberos code, and kg_accept_krb5() turns a missing code into 60
     * (krb5/krb5 src/lib/gssapi/krb5/accept_sec_context.c); this acceptor does the same.
     */
    public static final int KRB_ERR_GENERIC = 60;

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

    /**
     * The DER KRB-ERROR an acceptor sends: the current time as stime/susec, the error code, and its own name as
     * sname/realm (the ticket's server, as MIT does). No e-text, no e-data, no client name: the peer learns the
     * code and nothing else.
     */
    public static byte[] encode(int errorCode, PrincipalName server, String realm, Instant now) {
        KrbError e = new KrbError();
        e.setStime(new KerberosTime(now.getEpochSecond() * 1000L));
        e.setSusec(now.getNano() / 1000);
        e.setErrorCode(KrbErrorCode.fromValue(errorCode));
        e.setSname(server);
        e.setRealm(realm);
        return KerberosCodec.encode(e);
    }

    /**
     * The failure for a Kerberos AP error code, on both sides: the acceptor that detects it and the initiator that
     * receives it. Codes with no failure of their own (KRB_AP_ERR_BAD_INTEGRITY, KRB_ERR_GENERIC, anything
     * unknown) are {@link Failure#LOGON_DENIED}.
     */
    public static Failure failure(int errorCode) {
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
            case KRB_AP_ERR_BADKEYVER:
                return Failure.UNKNOWN_CREDENTIALS;
            case KRB_AP_ERR_NOKEY:
                return Failure.NO_CREDENTIALS;
            default:
                return Failure.LOGON_DENIED;
        }
    }

    /** The failure an initiator reports for this error from the acceptor. */
    public Failure failure() {
        return failure(errorCode);
    }

    /** The exception for this error, with the Kerberos error code as minor status. */
    public NegotiateException toException() {
        return new NegotiateException(failure(), errorCode, "the acceptor answered with KRB-ERROR " + errorCode
                + text.map(t -> " (" + t + ")").orElse(""), null);
    }
}
