package org.jnegotiate.krb5.kdc;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.kdc.EncAsRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.EncKdcRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.EncTgsRepPart;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcRep;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** What the AS and TGS exchanges share: opening the encrypted part of a KDC-REP and checking it. */
final class KdcReplies {
    private KdcReplies() {
    }

    /** Decrypts the enc-part with {@code key} and decodes EncASRepPart or EncTGSRepPart (KDCs send either). */
    static EncKdcRepPart openEncPart(KdcRep rep, Krb5Key key, int usage) throws NegotiateException {
        if (rep.getEncryptedEncPart() == null || rep.getEncryptedEncPart().getCipher() == null) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "KDC reply without enc-part");
        }
        int etype = KrbInts.etype(rep.getEncryptedEncPart());
        if (etype != key.type().id()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "KDC reply enc-part has etype " + etype + ", expected "
                    + key.type().id() + " (" + key.type().krb5Name() + ")");
        }
        byte[] cipher = rep.getEncryptedEncPart().getCipher();
        byte[] plain;
        Krb5Cipher c = Krb5Ciphers.of(key);
        try {
            plain = c.decrypt(usage, cipher, 0, cipher.length);
        } finally {
            c.destroy();
        }
        try {
            if (plain.length > 0 && (plain[0] & 0xFF) == 0x79) {
                return KdcMessages.decode(plain, EncAsRepPart.class);
            }
            if (plain.length > 0 && (plain[0] & 0xFF) == 0x7A) {
                return KdcMessages.decode(plain, EncTgsRepPart.class);
            }
            throw new NegotiateException(Failure.INVALID_TOKEN, "KDC reply enc-part is neither EncASRepPart nor EncTGSRepPart");
        } finally {
            Arrays.fill(plain, (byte) 0); // it holds the session key
        }
    }

    /** Checks nonce and names, converts the session key and builds the ticket. */
    static ServiceTicket toTicket(KdcRep rep, EncKdcRepPart enc, int nonce, KerberosName client, KerberosName server,
            boolean canonicalize) throws NegotiateException {
        if (enc.getNonce() != nonce) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "KDC reply nonce " + enc.getNonce()
                    + " does not match the request's " + nonce + " (replayed or forged reply)");
        }
        if (rep.getCname() == null || rep.getCrealm() == null || enc.getSname() == null || enc.getSrealm() == null
                || rep.getTicket() == null || enc.getKey() == null || enc.getEndTime() == null) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "KDC reply lacks a mandatory field");
        }
        KerberosName repClient = KerberosName.fromKerby(rep.getCname(), rep.getCrealm());
        KerberosName repServer = KerberosName.fromKerby(enc.getSname(), enc.getSrealm());
        if (!canonicalize && !repClient.samePrincipal(client)) {
            throw new NegotiateException(Failure.WRONG_PRINCIPAL, "KDC reply is for client " + repClient + ", not " + client);
        }
        if (!canonicalize && !repServer.samePrincipal(server)) {
            throw new NegotiateException(Failure.WRONG_PRINCIPAL, "KDC reply is for server " + repServer + ", not " + server);
        }
        EncryptionKey k = enc.getKey();
        int keyType = KrbInts.keyType(k); // raw: Kerby's enum has no constant for 19 and 20
        Optional<EncryptionType> type = EncryptionType.of(keyType);
        byte[] keyBytes = k.getKeyData();
        if (type.isEmpty() || keyBytes == null || keyBytes.length != type.get().keyLength()) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "KDC issued a session key of unsupported enctype "
                    + keyType);
        }
        Krb5Key sessionKey;
        try {
            sessionKey = new Krb5Key(type.get(), keyBytes);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
        Instant auth = KdcMessages.instant(enc.getAuthTime());
        return new ServiceTicket(rep.getTicket(), sessionKey, repClient, repServer, auth,
                KdcMessages.instant(enc.getStartTime()), KdcMessages.instant(enc.getEndTime()),
                Optional.ofNullable(KdcMessages.instant(enc.getRenewTill())),
                enc.getFlags() == null ? 0 : enc.getFlags().getFlags());
    }
}
