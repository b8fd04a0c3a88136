package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.NegotiateException;

/**
 * KRB_AP_REP (RFC 4120 section 5.5.2): the encrypted part, and its decrypted content {@link Part}.
 */
public record ApRepMessage(int etype, byte[] encryptedPart) {
    /** Key usage of the enc-part (encrypted in the ticket session key). */
    public static final int ENC_PART_USAGE = 12;
    public static final int MSG_TYPE = 15;

    public ApRepMessage {
        encryptedPart = encryptedPart.clone();
    }

    @Override
    public byte[] encryptedPart() {
        return encryptedPart.clone();
    }

    /**
     * AP-REP ::= [APPLICATION 15] SEQUENCE { pvno [0] INTEGER (5), msg-type [1] INTEGER (15),
     * enc-part [2] EncryptedData }.
     */
    public static ApRepMessage decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "AP-REP", root -> {
            Asn1ParseResult[] f = Asn1Tree.fields(Asn1Tree.application(root, MSG_TYPE, "AP-REP"), 3, "AP-REP");
            if (Asn1Tree.int32(f[0], "AP-REP pvno") != 5 || Asn1Tree.int32(f[1], "AP-REP msg-type") != MSG_TYPE) {
                throw Asn1Tree.invalid("not a Kerberos 5 AP-REP");
            }
            KrbTree.EncData enc = KrbTree.encryptedData(f[2], "AP-REP enc-part");
            return new ApRepMessage(enc.etype(), enc.cipher());
        });
    }

    public byte[] encode() {
        ApRep rep = new ApRep();
        rep.setEncryptedEncPart(KrbInts.encryptedData(etype, null, encryptedPart));
        return KerberosCodec.encode(rep);
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
                Asn1ParseResult[] f = Asn1Tree.fields(Asn1Tree.application(root, TAG, "EncAPRepPart"), 4,
                        "EncAPRepPart");
                Instant ctime = Asn1Tree.kerberosTime(f[0], "ctime");
                int cusec = KrbTree.microseconds(f[1], "cusec");
                OptionalLong seq = KrbTree.sequenceNumber(f[3]);
                // the key last: nothing may fail after it exists
                Optional<Krb5Key> subkey = f[2] == null ? Optional.empty()
                        : Optional.of(KrbTree.key(f[2], "acceptor subkey"));
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
