package org.jnegotiate.krb5.creds;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.jnegotiate.mech.NegotiateException;

/**
 * Tickets kept in a JAAS Subject's private credentials as {@link KerberosTicket}s, as SunJGSS keeps them
 * (Krb5Context stores each service ticket it obtains there unless the Subject is read-only, and looks there
 * first): a credential built from a Subject for every context then reuses the TGT and service tickets of
 * the earlier ones instead of asking the KDC again. A Subject's credential sets are synchronized sets, so
 * they are iterated under their own lock.
 */
final class SubjectTickets {
    private static final System.Logger LOG = System.getLogger(SubjectTickets.class.getName());

    private SubjectTickets() {}

    /** A ticket found in a Subject; {@code owned}: a fresh copy the caller must destroy; else the Subject's. */
    record Found(ServiceTicket ticket, boolean owned) {}

    /**
     * A ticket of {@code client} (any client when null) for {@code server} (any TGT, krbtgt/REALM@REALM, when
     * null), not destroyed, already valid, and not expiring before {@code validUntil} (now plus the clock skew:
     * a ticket the acceptor would reject as expired is no use). Decoded into a new {@link ServiceTicket} that
     * the caller owns, except for a service ticket this class stored ({@link KeptServiceTicket}): its decoded
     * ticket is shared and belongs to the Subject ({@link Found#owned()} false: never destroy its key).
     */
    static Optional<Found> find(
            Subject subject, KerberosName client, KerberosName server, Instant now, Instant validUntil)
            throws NegotiateException {
        Set<Object> creds = subject.getPrivateCredentials();
        synchronized (creds) {
            for (Object o : creds) {
                if (!(o instanceof KerberosTicket t) || t.isDestroyed()) {
                    continue;
                }
                if (!validUntil.isBefore(t.getEndTime().toInstant())
                        || (t.getStartTime() != null
                                && now.isBefore(t.getStartTime().toInstant()))) {
                    continue;
                }
                if (t instanceof KeptServiceTicket kept && kept.decoded() != null) {
                    ServiceTicket d = kept.decoded(); // its names are at hand: no parsing
                    if (server != null
                            && d.server().samePrincipal(server)
                            && (client == null || d.client().samePrincipal(client))) {
                        return Optional.of(new Found(d, false));
                    }
                    continue;
                }
                KerberosName ticketServer = parse(t.getServer());
                if (server == null ? !isTgt(ticketServer) : !ticketServer.samePrincipal(server)) {
                    continue;
                }
                KerberosName ticketClient = parse(t.getClient());
                if (client != null && !ticketClient.samePrincipal(client)) {
                    continue;
                }
                Optional<ServiceTicket> st = toServiceTicket(t, ticketClient, ticketServer);
                if (st.isPresent()) {
                    return Optional.of(new Found(st.get(), true));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Adds {@code ticket} to the Subject's private credentials (a service ticket as a {@link KeptServiceTicket}
     * that shares {@code ticket}, which then belongs to the Subject; a TGT as a plain copy), dropping (not destroying: they are the
     * application's objects) the expired tickets of the same client and server it replaces and destroyed
     * tickets (which no longer say whose they were), so that the set does not grow without end.
     * Does nothing and returns false when the Subject is read-only.
     */
    static boolean store(Subject subject, ServiceTicket ticket, Instant now) throws NegotiateException {
        if (subject.isReadOnly()) {
            LOG.log(System.Logger.Level.DEBUG, "Subject is read-only; ticket for {0} not stored", ticket.server());
            return false;
        }
        KerberosTicket kt = toKerberosTicket(ticket);
        if (kt == null) {
            return false;
        }
        Set<Object> creds = subject.getPrivateCredentials();
        synchronized (creds) {
            for (Iterator<Object> it = creds.iterator(); it.hasNext(); ) {
                if (it.next() instanceof KerberosTicket old
                        && (old.isDestroyed()
                                || (!now.isBefore(old.getEndTime().toInstant())
                                        && kt.getServer().equals(old.getServer())
                                        && kt.getClient().equals(old.getClient())))) {
                    it.remove(); // a destroyed ticket has lost its names, and serves nobody
                }
            }
            creds.add(kt);
        }
        return true;
    }

    static boolean isTgt(KerberosName server) {
        return server.components().size() == 2 && server.components().get(0).equals("krbtgt");
    }

    private static Optional<ServiceTicket> toServiceTicket(KerberosTicket t, KerberosName client, KerberosName server)
            throws NegotiateException {
        Optional<EncryptionType> type = EncryptionType.of(t.getSessionKeyType());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        byte[] key = t.getSessionKey().getEncoded();
        try {
            if (key.length != type.get().keyLength()) {
                return Optional.empty();
            }
            // the Subject's tickets come from anywhere (another library, a deserialized Subject): checked as any ticket
            EncodedTicket ticket = TicketCodec.decode(t.getEncoded());
            return Optional.of(new ServiceTicket(
                    ticket,
                    new Krb5Key(type.get(), key),
                    client,
                    server,
                    instant(t.getAuthTime()),
                    instant(t.getStartTime()),
                    instant(t.getEndTime()),
                    Optional.ofNullable(instant(t.getRenewTill())),
                    flags(t.getFlags())));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Null when the JDK refuses the ticket (a renewable flag without renew-till, for example). */
    private static KerberosTicket toKerberosTicket(ServiceTicket st) throws NegotiateException {
        byte[] key = st.sessionKey().bytes();
        try {
            byte[] der = st.ticket().der();
            Date renewTill = st.renewTill().map(SubjectTickets::date).orElse(null);
            if (isTgt(st.server())) {
                return new KerberosTicket(
                        der,
                        principal(st.client()),
                        principal(st.server()),
                        key,
                        st.sessionKey().type().id(),
                        flags(st.flags()),
                        date(st.authTime()),
                        date(st.startTime()),
                        date(st.endTime()),
                        renewTill,
                        null);
            }
            return new KeptServiceTicket(
                    der,
                    principal(st.client()),
                    principal(st.server()),
                    key,
                    st.sessionKey().type().id(),
                    flags(st.flags()),
                    date(st.authTime()),
                    date(st.startTime()),
                    date(st.endTime()),
                    renewTill,
                    st);
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "ticket for {0} not stored in the Subject: {1}",
                    st.server(),
                    e.getMessage());
            return null;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static KerberosPrincipal principal(KerberosName name) {
        return new KerberosPrincipal(name.toString(), name.nameType());
    }

    static KerberosName parse(KerberosPrincipal p) throws NegotiateException {
        return KerberosName.parse(p.getName(), p.getRealm(), p.getNameType());
    }

    /** JDK flags (RFC 4120 bit numbers as array indices) to Kerby's int, most significant bit first. */
    static int flags(boolean[] flags) {
        int out = 0;
        for (int i = 0; flags != null && i < flags.length && i < 32; i++) {
            if (flags[i]) {
                out |= 1 << (31 - i);
            }
        }
        return out;
    }

    /** The inverse of {@link #flags(boolean[])}. */
    static boolean[] flags(int flags) {
        boolean[] out = new boolean[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (flags & (1 << (31 - i))) != 0;
        }
        return out;
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }
}
