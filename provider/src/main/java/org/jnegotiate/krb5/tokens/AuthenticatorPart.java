package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * The decrypted Authenticator of an AP-REQ (RFC 4120 section 5.5.1).
 *
 * @param checksum       the authenticator checksum (type and value); for GSS it is the 0x8003 checksum
 * @param sequenceNumber the initiator's first sequence number, unsigned 32-bit, when present
 */
public record AuthenticatorPart(
        KerberosName client,
        Optional<Checksum> checksum,
        Instant ctime,
        int cusec,
        Optional<Krb5Key> subkey,
        OptionalLong sequenceNumber) {

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

    /** [APPLICATION 2] tag of Authenticator. */
    static final int TAG = 2;

    /**
     * Authenticator ::= [APPLICATION 2] SEQUENCE { authenticator-vno [0] INTEGER (5), crealm [1] Realm,
     * cname [2] PrincipalName, cksum [3] Checksum OPTIONAL, cusec [4] Microseconds, ctime [5] KerberosTime,
     * subkey [6] EncryptionKey OPTIONAL, seq-number [7] UInt32 OPTIONAL,
     * authorization-data [8] AuthorizationData OPTIONAL }.
     */
    public static AuthenticatorPart decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "authenticator", root -> {
            DerElement[] f = Asn1Tree.fields(Asn1Tree.application(root, TAG, "authenticator"), 9, "authenticator");
            if (Asn1Tree.int32(f[0], "authenticator-vno") != 5) {
                throw Asn1Tree.invalid("authenticator-vno is not 5");
            }
            KerberosName client = KrbTree.principal(f[2], f[1], "authenticator client");
            Optional<Checksum> checksum = f[3] == null ? Optional.empty() : Optional.of(KrbTree.checksum(f[3]));
            int cusec = KrbTree.microseconds(f[4], "cusec");
            Instant ctime = Asn1Tree.kerberosTime(f[5], "ctime");
            OptionalLong seq = KrbTree.sequenceNumber(f[7]);
            if (f[8] != null) {
                KrbTree.skipAuthorizationData(f[8], "authenticator authorization-data");
            }
            // the key last: nothing may fail after it exists
            Optional<Krb5Key> subkey =
                    f[6] == null ? Optional.empty() : Optional.of(KrbTree.key(f[6], "authenticator subkey"));
            return new AuthenticatorPart(client, checksum, ctime, cusec, subkey, seq);
        });
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
}
