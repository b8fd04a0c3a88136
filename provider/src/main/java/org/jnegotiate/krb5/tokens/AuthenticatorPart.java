package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The decrypted Authenticator of an AP-REQ (RFC 4120 section 5.5.1).
 *
 * @param checksum       the authenticator checksum (type and value); for GSS it is the 0x8003 checksum
 * @param sequenceNumber the initiator's first sequence number, unsigned 32-bit, when present
 */
public record AuthenticatorPart(KerberosName client, Optional<Checksum> checksum, Instant ctime, int cusec,
        Optional<Krb5Key> subkey, OptionalLong sequenceNumber) {

    /** A checksum type and value. */
    public record Checksum(int type, byte[] value) {
        public Checksum {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    public static AuthenticatorPart decode(byte[] der) throws NegotiateException {
        Reader a = KerberosCodec.decode(der, Reader.class, "authenticator");
        return KerberosCodec.read(() -> {
            if (a.getAuthenticatorVno() != 5) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "authenticator-vno is not 5");
            }
            KerberosName client = Fields.name(a.getCname(), a.getCrealm(), "authenticator client");
            CheckSum c = a.getCksum();
            Optional<Checksum> checksum = c == null ? Optional.empty()
                    : Optional.of(new Checksum(KrbInts.checksumType(c), Fields.required(c.getChecksum(), "checksum")));
            int cusec = a.getCusec();
            if (cusec < 0 || cusec > 999_999) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "cusec out of range");
            }
            Optional<Krb5Key> subkey = a.getSubKey() == null ? Optional.empty()
                    : Optional.of(Fields.key(a.getSubKey(), "authenticator subkey"));
            Integer seq = a.sequenceOrNull();
            return new AuthenticatorPart(client, checksum, Fields.time(a.getCtime(), "ctime"), cusec, subkey,
                    seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
        }, "authenticator");
    }

    public byte[] encode() {
        Authenticator a = new Authenticator();
        a.setAuthenticatorVno(5);
        a.setCrealm(client.realm());
        a.setCname(client.toKerby());
        checksum.ifPresent(c -> a.setCksum(KrbInts.checksum(c.type(), c.value())));
        a.setCusec(cusec);
        a.setCtime(Fields.kerberosTime(ctime));
        subkey.ifPresent(k -> a.setSubKey(Fields.kerbyKey(k)));
        sequenceNumber.ifPresent(s -> a.setSeqNumber((int) s));
        return KerberosCodec.encode(a);
    }

    @Override
    public String toString() {
        return "AuthenticatorPart[client=" + client + ", ctime=" + ctime + ", cusec=" + cusec + ", subkey="
                + subkey.map(k -> k.type().krb5Name()).orElse("none") + "]";
    }

    /** Reads seq-number with its presence (Kerby's getter answers -1 when absent). */
    public static final class Reader extends Authenticator {
        public Reader() {
        }

        Integer sequenceOrNull() {
            return getFieldAsInteger(AuthenticatorField.SEQ_NUMBER);
        }
    }
}
