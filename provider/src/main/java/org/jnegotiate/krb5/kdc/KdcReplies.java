package org.jnegotiate.krb5.kdc;

import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** What the AS and TGS exchanges share: opening the encrypted part of a KDC-REP and checking it. */
final class KdcReplies {
    private KdcReplies() {}

    /**
     * Decrypts the enc-part with {@code key} (a cipher of {@code context}'s) and reads EncASRepPart or EncTGSRepPart
     * (KDCs send either).
     */
    static EncKdcRepPart openEncPart(KdcReply rep, Krb5Key key, int usage, KdcRequestContext context)
            throws NegotiateException {
        int etype = rep.encPart().etype();
        if (etype != key.type().id()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "KDC reply enc-part has etype " + etype + ", expected "
                            + key.type().id() + " (" + key.type().krb5Name() + ")");
        }
        byte[] cipher = rep.encPart().cipher();
        byte[] plain;
        Krb5Cipher c = context.cipher(key);
        try {
            plain = c.decrypt(usage, cipher, 0, cipher.length);
        } finally {
            c.destroy();
        }
        try {
            return EncKdcRepPart.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0); // it holds the session key
        }
    }

    /**
     * Checks nonce and names, converts the session key and builds the ticket. The part's key bytes are destroyed
     * whatever happens.
     */
    static ServiceTicket toTicket(
            KdcReply rep, EncKdcRepPart enc, int nonce, KerberosName client, KerberosName server, boolean canonicalize)
            throws NegotiateException {
        try {
            if (enc.nonce() != (nonce & 0xFFFFFFFFL)) {
                throw new NegotiateException(
                        Failure.INVALID_TOKEN,
                        "KDC reply nonce " + enc.nonce() + " does not match the request's " + nonce
                                + " (replayed or forged reply)");
            }
            KerberosName repClient = rep.client();
            KerberosName repServer = enc.server();
            if (!canonicalize && !repClient.samePrincipal(client)) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL, "KDC reply is for client " + repClient + ", not " + client);
            }
            if (!canonicalize && !repServer.samePrincipal(server)) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL, "KDC reply is for server " + repServer + ", not " + server);
            }
            Krb5Key sessionKey = sessionKey(enc);
            return new ServiceTicket(
                    rep.ticket(),
                    sessionKey,
                    repClient,
                    repServer,
                    enc.authTime(),
                    enc.startTime().orElse(null),
                    enc.endTime(),
                    enc.renewTill(),
                    enc.flags());
        } finally {
            enc.keyValue().destroy();
        }
    }

    /** The session key, of an enctype this client implements (raw numbers: 19 and 20 included). */
    private static Krb5Key sessionKey(EncKdcRepPart enc) throws NegotiateException {
        Optional<EncryptionType> type = EncryptionType.of(enc.keyType());
        if (type.isEmpty() || enc.keyValue().length() != type.get().keyLength()) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION, "KDC issued a session key of unsupported enctype " + enc.keyType());
        }
        byte[] keyBytes = enc.keyValue().toByteArray();
        try {
            return new Krb5Key(type.get(), keyBytes);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }
}
