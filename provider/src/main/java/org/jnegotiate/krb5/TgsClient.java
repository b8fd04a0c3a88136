package org.jnegotiate.krb5;

import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * A TGS exchange (RFC 4120 section 3.3) with a given TGT: what a delegated credential needs to obtain further
 * tickets. Implemented by the KDC package; contexts never open sockets themselves.
 */
@FunctionalInterface
public interface TgsClient {

    /**
     * Requests a ticket for {@code service} with {@code tgt}; {@code forwardable} asks for KDC options
     * FORWARDABLE and FORWARDED (a TGT to delegate further). Fails with TARGET_UNKNOWN,
     * NO_AUTHENTICATING_AUTHORITY or CREDENTIALS_EXPIRED as the TicketSource contract says.
     */
    ServiceTicket tgs(ServiceTicket tgt, KerberosName service, boolean forwardable) throws NegotiateException;
}
