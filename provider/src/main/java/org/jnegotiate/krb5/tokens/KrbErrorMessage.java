package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
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
    /** "Incorrect net address": the ticket's caddr does not hold the initiator's address (LOGON_DENIED). */
    public static final int KRB_AP_ERR_BADADDR = 38;

    public static final int KRB_AP_ERR_MODIFIED = 41;
    public static final int KRB_AP_ERR_BADKEYVER = 44;
    public static final int KRB_AP_ERR_NOKEY = 45;
    /**
     * KRB_ERR_GENERIC. MIT's acceptor sends it for a channel-binding mismatch: process_checksum() fails with
     * GSS_S_BAD_BINDINGS and no Kerberos code, and kg_accept_krb5() turns a missing code into 60
     * (krb5/krb5 src/lib/gssapi/krb5/accept_sec_context.c); this acceptor does the same.
     */
    public static final int KRB_ERR_GENERIC = 60;

    /** Kerberos msg-type, and [APPLICATION 30] tag, of a KRB-ERROR. */
    public static final int MSG_TYPE = 30;

    /**
     * KRB-ERROR ::= [APPLICATION 30] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (30),
     * ctime [2] KerberosTime OPTIONAL, cusec [3] Microseconds OPTIONAL, stime [4] KerberosTime,
     * susec [5] Microseconds, error-code [6] Int32, crealm [7] Realm OPTIONAL, cname [8] PrincipalName OPTIONAL,
     * realm [9] Realm, sname [10] PrincipalName, e-text [11] KerberosString OPTIONAL, e-data [12] OCTET STRING
     * OPTIONAL }. Only error-code is required (as before: peers' errors are read leniently); every field present
     * must have its type. The error code is kept as sent, also when it is not one Kerby knows.
     */
    public static KrbErrorMessage decode(byte[] der) throws NegotiateException {
        return decode(der, 0, der == null ? 0 : der.length);
    }

    /** {@link #decode(byte[])} of {@code length} bytes at {@code offset}, read in place. */
    public static KrbErrorMessage decode(byte[] der, int offset, int length) throws NegotiateException {
        return decode(der, offset, length, (errorCode, text, eData) -> new KrbErrorMessage(errorCode, text));
    }

    /** What a reader of a KRB-ERROR keeps of its fields (a KDC's error keeps its e-data too). */
    @FunctionalInterface
    public interface Kept<R> {
        /** @param eData the e-data OCTET STRING (checked to be one), null when absent */
        R of(int errorCode, Optional<String> text, DerElement eData) throws NegotiateException;
    }

    /** A KRB-ERROR checked as {@link #decode(byte[])} does, of which {@code kept} makes the value. */
    public static <R> R decode(byte[] der, int offset, int length, Kept<R> kept) throws NegotiateException {
        return Asn1Tree.bind(der, offset, length, "KRB-ERROR", root -> {
            DerElement[] f = KrbTree.message(root, MSG_TYPE, 13, "KRB-ERROR");
            for (int time : new int[] {2, 4}) {
                if (f[time] != null) {
                    Asn1Tree.kerberosTime(f[time], "KRB-ERROR time");
                }
            }
            for (int usec : new int[] {3, 5}) {
                if (f[usec] != null) {
                    KrbTree.microseconds(f[usec], "KRB-ERROR microseconds");
                }
            }
            int errorCode = Asn1Tree.int32(f[6], "error-code");
            for (int realm : new int[] {7, 9}) {
                if (f[realm] != null) {
                    Asn1Tree.generalString(f[realm], "KRB-ERROR realm");
                }
            }
            for (int name : new int[] {8, 10}) {
                if (f[name] != null) {
                    KrbTree.skipPrincipalName(f[name], "KRB-ERROR principal name");
                }
            }
            Optional<String> text =
                    f[11] == null ? Optional.empty() : Optional.of(Asn1Tree.generalString(f[11], "e-text"));
            if (f[12] != null) {
                Asn1Tree.skipOctets(f[12], "e-data");
            }
            return kept.of(errorCode, text, f[12]);
        });
    }

    /**
     * {@code TOK_ID || KRB-ERROR} (RFC 4121 section 4.1) in one array: the KRB-ERROR an acceptor sends, with the
     * current time as stime/susec, the error code, and its own name as sname/realm (the ticket's server, as MIT
     * does). No e-text, no e-data, no client name: the peer learns the code and nothing else.
     */
    public static byte[] encodeToken(int errorCode, PrincipalName server, String realm, Instant now) {
        return ContextToken.encodeInner(ContextTokenId.KRB_ERROR, kerby(errorCode, server, realm, now));
    }

    private static KrbError kerby(int errorCode, PrincipalName server, String realm, Instant now) {
        KrbError e = new KrbError();
        e.setStime(Fields.kerberosTime(Instant.ofEpochSecond(now.getEpochSecond())));
        e.setSusec(now.getNano() / 1000);
        e.setErrorCode(KrbErrorCode.fromValue(errorCode));
        e.setSname(server);
        e.setRealm(realm);
        return e;
    }

    /**
     * The failure for a Kerberos AP error code, on both sides: the acceptor that detects it and the initiator that
     * receives it. Codes with no failure of their own (KRB_AP_ERR_BAD_INTEGRITY, KRB_AP_ERR_BADADDR,
     * KRB_ERR_GENERIC, anything unknown) are {@link Failure#LOGON_DENIED}.
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

    /**
     * The failure an initiator reports for this error from the acceptor: as {@link #failure(int)}, except that an
     * acceptor that could not decrypt the ticket made for the target (KRB_AP_ERR_MODIFIED from Windows and
     * JNegotiate, KRB_AP_ERR_BAD_INTEGRITY from MIT's krb5_rd_req) is not the principal the initiator asked for: it
     * holds another account's key (a duplicate SPN, a name that reaches another host, an out-of-date keytab).
     * Windows reports this as SEC_E_WRONG_PRINCIPAL ("The target principal name is incorrect"), and so does this.
     */
    public Failure failure() {
        if (errorCode == KRB_AP_ERR_MODIFIED || errorCode == KRB_AP_ERR_BAD_INTEGRITY) {
            return Failure.WRONG_PRINCIPAL;
        }
        return failure(errorCode);
    }

    /** The exception for this error, with the Kerberos error code as minor status. */
    public NegotiateException toException() {
        return new NegotiateException(
                failure(),
                errorCode,
                "the acceptor answered with KRB-ERROR " + errorCode
                        + text.map(t -> " (" + t + ")").orElse(""),
                null);
    }
}
