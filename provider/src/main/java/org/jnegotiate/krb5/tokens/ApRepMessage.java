package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
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

    public static ApRepMessage decode(byte[] der) throws NegotiateException {
        ApRep rep = KerberosCodec.decode(der, ApRep.class, "AP-REP");
        return KerberosCodec.read(() -> {
            if (rep.getPvno() != 5 || rep.getMsgType() != KrbMessageType.AP_REP) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REP");
            }
            EncryptedData enc = Fields.required(rep.getEncryptedEncPart(), "AP-REP enc-part");
            return new ApRepMessage(KrbInts.etype(enc), Fields.required(enc.getCipher(), "AP-REP cipher"));
        }, "AP-REP");
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

        public static Part decode(byte[] der) throws NegotiateException {
            Reader p = KerberosCodec.decode(der, Reader.class, "EncAPRepPart");
            return KerberosCodec.read(() -> {
                Integer seq = p.sequenceOrNull();
                return new Part(Fields.time(p.getCtime(), "ctime"), p.getCusec(),
                        p.getSubkey() == null ? Optional.empty()
                                : Optional.of(Fields.key(p.getSubkey(), "acceptor subkey")),
                        seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
            }, "EncAPRepPart");
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

    /** Reads seq-number with its presence. */
    public static final class Reader extends EncAPRepPart {
        public Reader() {
        }

        Integer sequenceOrNull() {
            return getFieldAsInteger(EncAPRepPartField.SEQ_NUMBER);
        }
    }
}
