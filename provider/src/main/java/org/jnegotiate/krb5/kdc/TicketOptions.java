package org.jnegotiate.krb5.kdc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.krb5.config.Krb5Config;

/**
 * What to ask the KDC for in a ticket request.
 *
 * @param forwardable   KDC option FORWARDABLE
 * @param forwarded     KDC option FORWARDED (TGS only: a forwarded, addressless TGT for delegation)
 * @param canonicalize  KDC option CANONICALIZE (names in the reply may differ from the request)
 * @param lifetime      requested lifetime (till = now + lifetime)
 * @param renewLifetime requested renewable lifetime, empty for none
 */
public record TicketOptions(
        boolean forwardable,
        boolean forwarded,
        boolean canonicalize,
        Duration lifetime,
        Optional<Duration> renewLifetime) {
    public TicketOptions {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(renewLifetime, "renewLifetime");
    }

    /** The [libdefaults] settings: forwardable, ticket_lifetime, renew_lifetime. */
    public static TicketOptions fromConfig(Krb5Config config) {
        return new TicketOptions(config.forwardable(), false, false, config.ticketLifetime(), config.renewLifetime());
    }

    public TicketOptions withForwarded() {
        return new TicketOptions(true, true, canonicalize, lifetime, renewLifetime);
    }

    /** The same with KDC option CANONICALIZE. */
    public TicketOptions withCanonicalize() {
        return new TicketOptions(forwardable, forwarded, true, lifetime, renewLifetime);
    }

    public TicketOptions withLifetime(Duration d) {
        return new TicketOptions(forwardable, forwarded, canonicalize, d, renewLifetime);
    }
}
