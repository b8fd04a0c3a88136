package org.jnegotiate.krb5;

import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.kdc.TgsExchange;
import org.jnegotiate.krb5.kdc.TicketOptions;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.NegotiateException;

/**
 * A TGS exchange (RFC 4120 section 3.3) with a given TGT: what a delegated credential needs to obtain further
 * tickets. Contexts never open sockets themselves; {@link #of} adapts the KDC package.
 */
@FunctionalInterface
public interface TgsClient {

    /**
     * Requests a ticket for {@code service} with {@code tgt}; {@code forwardable} asks for KDC options
     * FORWARDABLE and FORWARDED (a TGT to delegate further). Fails with TARGET_UNKNOWN,
     * NO_AUTHENTICATING_AUTHORITY or CREDENTIALS_EXPIRED as the TicketSource contract says.
     */
    ServiceTicket tgs(ServiceTicket tgt, KerberosName service, boolean forwardable) throws NegotiateException;

    /** The KDC package's TGS exchange with the krb5.conf ticket options. */
    static TgsClient of(TgsExchange exchange, Krb5Config config) {
        TicketOptions options = TicketOptions.fromConfig(config);
        return (tgt, service, forwardable) ->
                exchange.request(tgt, service, forwardable ? options.withForwarded() : options);
    }
}
