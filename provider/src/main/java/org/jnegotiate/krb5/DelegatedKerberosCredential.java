package org.jnegotiate.krb5;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jnegotiate.krb5.creds.TicketSource;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * The credential an initiator delegated to this acceptor (a forwarded TGT from the 0x8003 checksum's KRB-CRED).
 * It is an initiator credential: it obtains service tickets for the client through a {@link TgsClient}, so that
 * the acceptor can act as the client towards further services.
 */
public final class DelegatedKerberosCredential implements MechCredential, TicketSource {
    private final ServiceTicket tgt;
    private final Optional<TgsClient> tgs;
    private final Clock clock;
    private final ConcurrentHashMap<KerberosName, ServiceTicket> cache = new ConcurrentHashMap<>();
    private volatile boolean disposed;

    public DelegatedKerberosCredential(ServiceTicket tgt, Optional<TgsClient> tgs, Clock clock) {
        this.tgt = Objects.requireNonNull(tgt, "tgt");
        this.tgs = Objects.requireNonNull(tgs, "tgs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The forwarded TGT itself (for example to export it as a JDK {@code KerberosTicket}). */
    public ServiceTicket ticket() {
        return tgt;
    }

    @Override
    public MechOid mechanism() {
        return MechOid.KERBEROS;
    }

    @Override
    public Optional<PeerName> name() {
        return Optional.of(PeerName.principal(tgt.client().toString()));
    }

    @Override
    public Usage usage() {
        return Usage.INITIATE;
    }

    @Override
    public Optional<Instant> expiry() {
        return Optional.of(tgt.endTime());
    }

    @Override
    public KerberosName client() {
        return tgt.client();
    }

    @Override
    public ServiceTicket serviceTicket(KerberosName service) throws NegotiateException {
        checkUsable();
        Instant now = clock.instant();
        ServiceTicket cached = cache.get(service);
        if (cached != null && !cached.isExpired(now)) {
            return cached;
        }
        ServiceTicket fresh = tgsClient().tgs(tgt, service, false);
        ServiceTicket old = cache.put(service, fresh);
        if (old != null && old != fresh) {
            old.sessionKey().destroy();
        }
        return fresh;
    }

    @Override
    public ServiceTicket forwardedTgt(KerberosName service) throws NegotiateException {
        checkUsable();
        if ((tgt.flags() & TicketPart.FORWARDABLE) == 0) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "the delegated TGT of " + tgt.client() + " is not forwardable: it cannot be delegated further");
        }
        return tgsClient().tgs(tgt, tgt.server(), true);
    }

    private TgsClient tgsClient() throws NegotiateException {
        return tgs.orElseThrow(() -> new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                "no KDC client is configured: a delegated credential cannot obtain tickets"));
    }

    private void checkUsable() throws NegotiateException {
        if (disposed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the delegated credential was disposed");
        }
        if (tgt.isExpired(clock.instant())) {
            throw new NegotiateException(
                    Failure.CREDENTIALS_EXPIRED,
                    "the delegated TGT of " + tgt.client() + " expired at " + tgt.endTime());
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        tgt.sessionKey().destroy();
        cache.values().forEach(t -> t.sessionKey().destroy());
        cache.clear();
    }

    @Override
    public String toString() {
        return "DelegatedKerberosCredential[" + tgt.client() + ", until " + tgt.endTime() + "]";
    }
}
