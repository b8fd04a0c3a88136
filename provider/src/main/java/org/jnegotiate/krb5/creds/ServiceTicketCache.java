package org.jnegotiate.krb5.creds;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;

/**
 * A credential's service tickets, by service name. An entry that expires within the clock skew is not
 * returned (the acceptor would reject it). Bounded: when full, expired entries are dropped first, then
 * an arbitrary one. Replaced session keys are destroyed.
 */
final class ServiceTicketCache {
    private final Map<KerberosName, ServiceTicket> tickets = new ConcurrentHashMap<>();
    private final Duration skew;
    private final int maxEntries;

    ServiceTicketCache(Duration skew, int maxEntries) {
        this.skew = skew;
        this.maxEntries = maxEntries;
    }

    ServiceTicket get(KerberosName service, Instant now) {
        ServiceTicket t = tickets.get(service);
        return t != null && !t.isExpired(now.plus(skew)) ? t : null;
    }

    void put(KerberosName service, ServiceTicket ticket, Instant now) {
        if (tickets.size() >= maxEntries && !tickets.containsKey(service)) {
            evict(now);
        }
        ServiceTicket old = tickets.put(service, ticket);
        // The old session key may still be used by an established context: do not destroy it here.
        if (old != null && old != ticket && old.isExpired(now)) {
            old.sessionKey().destroy();
        }
    }

    int size() {
        return tickets.size();
    }

    private void evict(Instant now) {
        tickets.values().removeIf(t -> t.isExpired(now));
        Iterator<KerberosName> it = tickets.keySet().iterator();
        while (tickets.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    void destroyAll() {
        for (ServiceTicket t : tickets.values()) {
            t.sessionKey().destroy();
        }
        tickets.clear();
    }
}
