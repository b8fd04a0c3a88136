package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;

/**
 * Kerby's typed encoding, for tests only: messages built field by field with Kerby's own classes, independently of
 * the provider's encoders (which write some fields as pre-encoded bytes and TOK_ID into the same array), to compare
 * the bytes the provider sends with, and to make tokens a test needs. The provider has one encoder per message;
 * these are the reference, not a second path.
 */
public final class KerbyEncoding {
    private KerbyEncoding() {}

    /** AP-REP ::= [APPLICATION 15] SEQUENCE { pvno, msg-type, enc-part EncryptedData (no kvno) }. */
    public static byte[] apRep(int etype, byte[] encryptedPart) {
        ApRep rep = new ApRep();
        rep.setEncryptedEncPart(encryptedData(etype, encryptedPart));
        return KerberosCodec.encode(rep);
    }

    /** AP-REQ with Kerby's {@code Ticket} and an authenticator without kvno (it is in a session key). */
    public static byte[] apReq(
            boolean mutualRequired, Ticket ticket, int authenticatorEtype, byte[] encryptedAuthenticator) {
        ApReq req = new ApReq();
        req.setTicket(ticket);
        ApOptions options = new ApOptions();
        if (mutualRequired) {
            options.setFlag(ApOption.MUTUAL_REQUIRED);
        }
        req.setApOptions(options);
        req.setEncryptedAuthenticator(encryptedData(authenticatorEtype, encryptedAuthenticator));
        return KerberosCodec.encode(req);
    }

    /** KRB-ERROR with stime/susec {@code now}, the error code and the server's name and realm, nothing else. */
    public static byte[] krbError(int errorCode, PrincipalName server, String realm, Instant now) {
        KrbError e = new KrbError();
        e.setStime(new KerberosTime(now.getEpochSecond() * 1000));
        e.setSusec(now.getNano() / 1000);
        e.setErrorCode(KrbErrorCode.fromValue(errorCode));
        e.setSname(server);
        e.setRealm(realm);
        return KerberosCodec.encode(e);
    }

    /** Raw etype numbers (Kerby's enum lacks RFC 8009's), as the provider writes them. */
    private static EncryptedData encryptedData(int etype, byte[] cipher) {
        return KrbInts.encryptedData(etype, null, cipher);
    }
}
