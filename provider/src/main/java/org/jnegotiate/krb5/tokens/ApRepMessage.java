package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB_AP_REP (RFC 4120 section 5.5.2): the encrypted part, and its decrypted content {@link Part}.
 *
 * <p>Immutable; a final class rather than a record for the reason given at {@link ApReqMessage}: {@link #decode}
 * keeps the one copy of the cipher it made, the initiator decrypts it in place ({@link #decryptPart}), and
 * {@link #encodeToken} writes TOK_ID and the message into one array without copying the cipher first.
 */
public final class ApRepMessage {
    /** Key usage of the enc-part (encrypted in the ticket session key). */
    public static final int ENC_PART_USAGE = 12;

    public static final int MSG_TYPE = 15;

    private final int etype;
    private final byte[] encryptedPart;

    public ApRepMessage(int etype, byte[] encryptedPart) {
        this(encryptedPart.clone(), etype);
    }

    /** Adopts the array (the decoder's own copy). */
    private ApRepMessage(byte[] encryptedPart, int etype) {
        this.etype = etype;
        this.encryptedPart = encryptedPart;
    }

    public int etype() {
        return etype;
    }

    /** A copy of the enc-part cipher. */
    public byte[] encryptedPart() {
        return encryptedPart.clone();
    }

    /** The EncAPRepPart, decrypted with the session key's cipher (usage 12); the caller zeroes it. */
    public byte[] decryptPart(Krb5Cipher sessionCipher) throws NegotiateException {
        return sessionCipher.decrypt(ENC_PART_USAGE, encryptedPart, 0, encryptedPart.length);
    }

    @Override
    public String toString() {
        return "ApRepMessage[etype=" + etype + ", " + encryptedPart.length + " bytes]";
    }

    /**
     * AP-REP ::= [APPLICATION 15] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (15),
     * enc-part [2] EncryptedData }.
     */
    public static ApRepMessage decode(byte[] der) throws NegotiateException {
        return decode(der, 0, der == null ? 0 : der.length);
    }

    /** {@link #decode(byte[])} of {@code length} bytes at {@code offset}, read in place. */
    public static ApRepMessage decode(byte[] der, int offset, int length) throws NegotiateException {
        return Asn1Tree.bind(der, offset, length, "AP-REP", root -> {
            DerElement[] f = KrbTree.message(root, MSG_TYPE, 3, "AP-REP");
            KrbTree.EncData enc = KrbTree.encryptedData(f[2], "AP-REP enc-part");
            return new ApRepMessage(enc.cipher(), enc.etype());
        });
    }

    /**
     * {@code TOK_ID || AP-REP} (RFC 4121 section 4.1) of an enc-part the caller just encrypted, encoded into one
     * array and without a copy of the cipher: what the acceptor sends.
     */
    public static byte[] encodeToken(int etype, byte[] encryptedPart) {
        return ContextToken.encodeInner(ContextTokenId.AP_REP, kerby(etype, encryptedPart));
    }

    private static ApRep kerby(int etype, byte[] encryptedPart) {
        ApRep rep = new ApRep();
        rep.setEncryptedEncPart(KrbInts.encryptedData(etype, null, encryptedPart));
        return rep;
    }

    /**
     * EncAPRepPart: the echo of the authenticator's time, the acceptor's subkey and first sequence number.
     */
    public record Part(Instant ctime, int cusec, Optional<Krb5Key> subkey, OptionalLong sequenceNumber) {

        /** [APPLICATION 27] tag of EncAPRepPart. */
        static final int TAG = 27;

        /**
         * EncAPRepPart ::= [APPLICATION 27] SEQUENCE { ctime [0] KerberosTime, cusec [1] Microseconds,
         * subkey [2] EncryptionKey OPTIONAL, seq-number [3] UInt32 OPTIONAL }.
         */
        public static Part decode(byte[] der) throws NegotiateException {
            return Asn1Tree.bind(der, "EncAPRepPart", root -> {
                DerElement[] f = Asn1Tree.fields(Asn1Tree.application(root, TAG, "EncAPRepPart"), 4, "EncAPRepPart");
                Instant ctime = Asn1Tree.kerberosTime(f[0], "ctime");
                int cusec = KrbTree.microseconds(f[1], "cusec");
                OptionalLong seq = KrbTree.sequenceNumber(f[3]);
                // the key last: nothing may fail after it exists
                Optional<Krb5Key> subkey =
                        f[2] == null ? Optional.empty() : Optional.of(KrbTree.key(f[2], "acceptor subkey"));
                return new Part(ctime, cusec, subkey, seq);
            });
        }

        public byte[] encode() {
            EncAPRepPart p = new EncAPRepPart();
            p.setCtime(Fields.kerberosTime(ctime));
            p.setCusec(cusec);
            subkey.ifPresent(k -> p.setSubkey(Fields.kerbyKey(k)));
            sequenceNumber.ifPresent(s -> p.setSeqNumber((int) s));
            return KerberosCodec.encode(p);
        }

        @Override
        public String toString() {
            return "EncAPRepPart[ctime=" + ctime + ", cusec=" + cusec + ", subkey="
                    + subkey.map(k -> k.type().krb5Name()).orElse("none") + "]";
        }
    }
}
