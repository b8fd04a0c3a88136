package org.jnegotiate.krb5.pac;

import java.time.Instant;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * What an acceptor checks before it believes a PAC (MS-PAC 2.8, MS-KILE 3.4.5.3; what MIT's krb5_pac_verify
 * checks):
 * <ul>
 * <li>the <b>server signature</b>, a keyed checksum with the service's long-term key (the key that decrypted the
 *     ticket, key usage 17) over the PAC with both signatures zeroed, of the checksum type that key's enctype makes;
 *     a PAC without one is refused;</li>
 * <li>the <b>client information</b>: its name is the ticket's client (without or with the realm, compared as
 *     Windows compares names, ignoring case) and its time the ticket's authtime. A PAC copied from another ticket
 *     fails here even when its signature holds.</li>
 * </ul>
 * The <b>KDC signature</b> is keyed with the krbtgt key, which a service does not have (Windows servers ask a DC to
 * check it over NETLOGON only for some tickets): {@link #verifyKdcSignature} checks it where that key is available.
 * Every refusal is {@link Failure#LOGON_DENIED}.
 */
public final class PacVerifier {
    /** KERB_NON_KERB_CKSUM_SALT, the key usage of both PAC signatures. */
    static final int SIGNATURE_USAGE = 17;

    private PacVerifier() {}

    /**
     * Decodes {@code encoded}, verifies its server signature with {@code serviceKey} and its client information
     * against the ticket's {@code client} and {@code authTime}, and returns the verified PAC.
     */
    public static Pac verify(byte[] encoded, Krb5Cipher serviceKey, KerberosName client, Instant authTime)
            throws NegotiateException {
        Pac pac = Pac.decode(encoded);
        PacSignature server = pac.serverSignature().orElseThrow(() -> denied("the PAC has no server signature"));
        verifySignature(server, pac.withSignaturesZeroed(), serviceKey, "server");
        PacClientInfo info = pac.clientInfo().orElseThrow(() -> denied("the PAC has no client information"));
        String name = String.join("/", client.components());
        if (!info.name().equalsIgnoreCase(name) && !info.name().equalsIgnoreCase(name + "@" + client.realm())) {
            throw denied("the PAC is for " + info.name() + ", the ticket for " + client);
        }
        if (!info.clientId().equals(authTime)) {
            throw denied("the PAC's authentication time " + info.clientId() + " is not the ticket's " + authTime);
        }
        return pac;
    }

    /**
     * Verifies the KDC signature (a checksum over the server signature's value) with the krbtgt key. Only a KDC
     * or a test holding the krbtgt key can call this.
     */
    public static void verifyKdcSignature(Pac pac, Krb5Cipher krbtgtKey) throws NegotiateException {
        PacSignature server = pac.serverSignature().orElseThrow(() -> denied("the PAC has no server signature"));
        PacSignature kdc = pac.kdcSignature().orElseThrow(() -> denied("the PAC has no KDC signature"));
        verifySignature(kdc, server.value(), krbtgtKey, "KDC");
    }

    private static void verifySignature(PacSignature signature, byte[] data, Krb5Cipher key, String which)
            throws NegotiateException {
        if (key.type().checksumType() != signature.type()) {
            throw denied("the PAC's " + which + " signature is of checksum type " + signature.type() + ", which a "
                    + key.type().krb5Name() + " key does not make");
        }
        try {
            key.verifyChecksum(SIGNATURE_USAGE, data, 0, data.length, signature.value());
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw new NegotiateException(
                        Failure.LOGON_DENIED,
                        "the PAC's " + which + " signature does not " + "verify with the "
                                + key.type().krb5Name() + " key (the PAC was altered)",
                        e);
            }
            throw e;
        }
    }

    private static NegotiateException denied(String message) {
        return new NegotiateException(Failure.LOGON_DENIED, message);
    }
}
