package org.jnegotiate.krb5.kdc;

import java.time.Instant;
import java.util.Optional;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.KrbTree;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SecretBytes;

/**
 * The decrypted part of a KDC reply, EncASRepPart [APPLICATION 25] or EncTGSRepPart [APPLICATION 26] (KDCs send
 * either in either reply; RFC 4120 section 5.4.2), bound from the project's DER reader:
 * <pre>
 * EncKDCRepPart ::= SEQUENCE { key [0] EncryptionKey, last-req [1] LastReq, nonce [2] UInt32,
 *     key-expiration [3] KerberosTime OPTIONAL, flags [4] TicketFlags, authtime [5] KerberosTime,
 *     starttime [6] KerberosTime OPTIONAL, endtime [7] KerberosTime, renew-till [8] KerberosTime OPTIONAL,
 *     srealm [9] Realm, sname [10] PrincipalName, caddr [11] HostAddresses OPTIONAL,
 *     encrypted-pa-data [12] SEQUENCE OF PA-DATA OPTIONAL }
 * </pre>
 * Required here, as the client has always required them: key, nonce, endtime, srealm and sname. Flags, authtime
 * and last-req are read when present (absent flags are 0, as before). Last-req, caddr and encrypted-pa-data are
 * checked and not kept. The key is kept raw (type and value) because an enctype this client does not implement
 * is a different failure (UNSUPPORTED_FUNCTION, see {@link KdcReplies}) from a malformed part.
 *
 * @param keyValue the session key's bytes; the caller destroys them
 * @param nonce    0 to 2^32 - 1
 * @param flags    TicketFlags, most significant bit first
 * @param encPaRep the checksum of a PA-REQ-ENC-PA-REP in the encrypted-pa-data (RFC 6806 section 11), if any
 */
record EncKdcRepPart(
        int keyType,
        SecretBytes keyValue,
        long nonce,
        Optional<Instant> keyExpiration,
        int flags,
        Instant authTime,
        Optional<Instant> startTime,
        Instant endTime,
        Optional<Instant> renewTill,
        KerberosName server,
        Optional<AuthenticatorPart.Checksum> encPaRep) {
    /** The ticket flag enc-pa-rep (bit 15): the KDC says it answered the client's PA-REQ-ENC-PA-REP. */
    static final int FLAG_ENC_PA_REP = 1 << (31 - 15);

    /** [APPLICATION 25]. */
    static final int ENC_AS_REP_PART = 25;
    /** [APPLICATION 26]. */
    static final int ENC_TGS_REP_PART = 26;

    /** Binds the whole of {@code plain} (the caller zeroes it: it holds the session key). */
    static EncKdcRepPart decode(byte[] plain) throws NegotiateException {
        return Asn1Tree.bind(plain, "EncKDCRepPart", root -> {
            int tag = root.isApplication(ENC_AS_REP_PART) ? ENC_AS_REP_PART : ENC_TGS_REP_PART;
            if (!root.isApplication(tag)) {
                throw Asn1Tree.invalid(
                        "KDC reply enc-part is neither EncASRepPart nor EncTGSRepPart but " + root.tagName());
            }
            DerElement[] f = Asn1Tree.fields(Asn1Tree.application(root, tag, "EncKDCRepPart"), 13, "EncKDCRepPart");
            if (f[1] != null) {
                lastReq(f[1]);
            }
            long nonce = Asn1Tree.unsigned32(f[2], "nonce");
            Optional<Instant> keyExpiration =
                    f[3] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[3], "key-expiration"));
            int flags = f[4] == null ? 0 : Asn1Tree.kerberosFlags(f[4], "ticket flags");
            Instant authTime = f[5] == null ? null : Asn1Tree.kerberosTime(f[5], "authtime");
            Optional<Instant> startTime =
                    f[6] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[6], "starttime"));
            Instant endTime = Asn1Tree.kerberosTime(f[7], "endtime");
            Optional<Instant> renewTill =
                    f[8] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[8], "renew-till"));
            KerberosName server = KrbTree.principal(f[10], f[9], "KDC reply server");
            if (f[11] != null) {
                KrbTree.skipHostAddresses(f[11], "KDC reply caddr");
            }
            Optional<AuthenticatorPart.Checksum> encPaRep = Optional.empty();
            if (f[12] != null) {
                EtypeInfo2.fromPadata(f[12]); // checked as PA-DATA
                encPaRep = Optional.ofNullable(EtypeInfo2.reqEncPaRep(f[12]));
            }
            // the key last: nothing may fail after its bytes are copied out
            DerElement[] key = Asn1Tree.fields(Asn1Tree.required(f[0], "session key"), 2, "session key");
            int keyType = Asn1Tree.int32(key[0], "session key type");
            SecretBytes keyValue = SecretBytes.adopt(Asn1Tree.octets(key[1], "session key value"));
            return new EncKdcRepPart(
                    keyType,
                    keyValue,
                    nonce,
                    keyExpiration,
                    flags,
                    authTime,
                    startTime,
                    endTime,
                    renewTill,
                    server,
                    encPaRep);
        });
    }

    /** LastReq ::= SEQUENCE OF SEQUENCE { lr-type [0] Int32, lr-value [1] KerberosTime }, checked, not kept. */
    private static void lastReq(DerElement item) throws NegotiateException {
        for (DerElement entry : Asn1Tree.sequenceOf(item, "last-req")) {
            DerElement[] f = Asn1Tree.fields(entry, 2, "last-req");
            Asn1Tree.int32(f[0], "lr-type");
            Asn1Tree.kerberosTime(f[1], "lr-value");
        }
    }

    @Override
    public String toString() {
        return "EncKdcRepPart[" + server + ", key type " + keyType + ", nonce " + nonce + ", until " + endTime + "]";
    }
}
