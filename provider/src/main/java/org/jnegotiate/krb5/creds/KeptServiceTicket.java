package org.jnegotiate.krb5.creds;

import java.util.Date;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import org.jnegotiate.krb5.ticket.ServiceTicket;

/**
 * A service ticket JNegotiate obtained and stored in a JAAS Subject: a plain {@link KerberosTicket} to everyone
 * else (SunJGSS included), which also carries the decoded ticket, so that the next context built from the
 * Subject neither decodes it again nor derives its session key's usage keys again (the key keeps its cipher).
 * Destroying it destroys that copy of the session key too. The decoded ticket is not serialized.
 */
final class KeptServiceTicket extends KerberosTicket {
    private static final long serialVersionUID = 1L;

    private final transient ServiceTicket decoded;

    KeptServiceTicket(
            byte[] asn1Encoding,
            KerberosPrincipal client,
            KerberosPrincipal server,
            byte[] sessionKey,
            int keyType,
            boolean[] flags,
            Date authTime,
            Date startTime,
            Date endTime,
            Date renewTill,
            ServiceTicket decoded) {
        super(asn1Encoding, client, server, sessionKey, keyType, flags, authTime, startTime, endTime, renewTill, null);
        this.decoded = decoded;
    }

    /** The decoded ticket, or null once its key was destroyed (or after deserialization). */
    ServiceTicket decoded() {
        ServiceTicket d = decoded;
        return d == null || d.sessionKey().isDestroyed() || isDestroyed() ? null : d;
    }

    @Override
    public void destroy() throws javax.security.auth.DestroyFailedException {
        super.destroy();
        if (decoded != null) {
            decoded.sessionKey().destroy();
        }
    }
}
