package org.jnegotiate.krb5.creds;

import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * What a Kerberos initiator needs from its credential: its own name, service tickets (cached per
 * credential, fetched through the TGS exchange when missing or expired) and, for delegation, a
 * forwarded TGT. Implemented by the credentials package; contexts never talk to a KDC themselves.
 */
public interface TicketSource {

    /** The client principal. */
    KerberosName client();

    /**
     * A valid service ticket for {@code service} (from the cache or the KDC).
     * Fails with TARGET_UNKNOWN when the KDC does not know the service, NO_AUTHENTICATING_AUTHORITY when
     * no KDC answers, NO_CREDENTIALS when there is no TGT and no key to get one.
     */
    ServiceTicket serviceTicket(KerberosName service) throws NegotiateException;

    /**
     * A forwarded TGT (KDC option FORWARDED, addressless) for delegation to {@code service}; fails with
     * UNSUPPORTED_FUNCTION when the TGT is not forwardable.
     */
    ServiceTicket forwardedTgt(KerberosName service) throws NegotiateException;
}
