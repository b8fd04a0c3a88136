package org.jnegotiate.krb5.creds;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jnegotiate.krb5.kdc.S4uExchange;
import org.jnegotiate.krb5.kdc.TicketOptions;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * A service's credential acting as a user (constrained delegation, MS-SFU; the JDK's
 * {@code ExtendedGSSCredential.impersonate}): its client is the user, and the tickets it hands to initiators come
 * from S4U2proxy with the service's TGT and the user's evidence ticket (from S4U2self). What the KDC allows is the
 * domain's decision: the classic kind (the service's msDS-AllowedToDelegateTo lists the target) or the
 * resource-based kind (the target's msDS-AllowedToActOnBehalfOfOtherIdentity lists the service). Initiate only;
 * the user's TGT is never available, so delegating further is refused.
 */
public final class ImpersonatedCredential implements MechCredential, TicketSource {
    private final KerberosCredential service;
    private final ServiceTicket evidence;
    private final S4uExchange s4u;
    private final TicketOptions options;
    private final Clock clock;
    private final Map<KerberosName, ServiceTicket> tickets = new ConcurrentHashMap<>();
    private volatile boolean disposed;

    ImpersonatedCredential(
            KerberosCredential service, ServiceTicket evidence, S4uExchange s4u, TicketOptions options, Clock clock) {
        this.clock = clock;
        this.service = service;
        this.evidence = evidence;
        this.s4u = s4u;
        this.options = options;
    }

    /** The S4U2self ticket: the service's ticket for the user. */
    public ServiceTicket evidence() {
        return evidence;
    }

    @Override
    public KerberosName client() {
        return evidence.client();
    }

    @Override
    public ServiceTicket serviceTicket(KerberosName target) throws NegotiateException {
        if (disposed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the credential was disposed");
        }
        Instant now = clock.instant();
        ServiceTicket cached = tickets.get(target);
        if (cached != null && !cached.isExpired(now.plusSeconds(300))) {
            return cached;
        }
        ServiceTicket ticket = s4u.s4u2proxy(service.currentTgt(), evidence, target, options);
        ServiceTicket previous = tickets.put(target, ticket);
        if (previous != null && previous != ticket) {
            previous.sessionKey().destroy();
        }
        return ticket;
    }

    @Override
    public ServiceTicket forwardedTgt(KerberosName target) throws NegotiateException {
        throw new NegotiateException(
                Failure.UNSUPPORTED_FUNCTION,
                "cannot delegate " + client() + " to " + target
                        + " further: a credential obtained through S4U has no TGT of the user");
    }

    @Override
    public MechOid mechanism() {
        return MechOid.KERBEROS;
    }

    @Override
    public Optional<PeerName> name() {
        return Optional.of(PeerName.principal(client().toString()));
    }

    @Override
    public Usage usage() {
        return Usage.INITIATE;
    }

    @Override
    public Optional<Instant> expiry() {
        return Optional.of(evidence.endTime());
    }

    /** Zeroes the evidence's and the S4U2proxy tickets' session keys; the service's credential stays. */
    @Override
    public void dispose() {
        disposed = true;
        evidence.sessionKey().destroy();
        tickets.values().forEach(t -> t.sessionKey().destroy());
        tickets.clear();
    }

    @Override
    public String toString() {
        return "ImpersonatedCredential[" + client() + " through " + service + "]";
    }
}
