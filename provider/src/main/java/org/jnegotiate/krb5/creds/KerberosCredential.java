package org.jnegotiate.krb5.creds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlag;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.kdc.AsExchange;
import org.jnegotiate.krb5.kdc.ClientKeys;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.kdc.TgsExchange;
import org.jnegotiate.krb5.kdc.TicketOptions;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * A Kerberos credential: for an initiator a TGT (and, when it came from a password or keytab, the means to
 * get a new one), with a per-credential service-ticket cache; for an acceptor the long-term keys of its
 * service principals. Obtain with {@link KerberosCredentials#acquire}. Thread-safe.
 *
 * <p>A credential built from a JAAS Subject (default credentials inside {@code Subject.doAs}: a new credential
 * per context) also uses the Subject as its ticket cache, as SunJGSS does: a service ticket is looked for there
 * before the TGS exchange, and one obtained (and a TGT obtained from the Subject's keys) is added to the
 * Subject's private credentials as a {@link javax.security.auth.kerberos.KerberosTicket}, so the next context
 * does not ask the KDC again. A read-only Subject is not changed: every context then runs the TGS exchange.
 */
public final class KerberosCredential implements MechCredential, TicketSource, KeySource {
    private static final int MAX_CACHED_TICKETS = 256;

    private final Usage usage;
    private final KerberosName principal;
    private final boolean acceptAny;
    private final List<KeytabKey> acceptorKeys;
    /** The Subject's unbound KeyTabs, looked up by the ticket's server when {@link #acceptorKeys} has no key. */
    private final Optional<SubjectKeyTabs> acceptorKeyTabs;

    private final ClientKeys clientKeys;
    private final KdcRequestContext kdc;
    private final AsExchange as;
    private final TgsExchange tgs;
    private final TicketOptions options;
    private final Krb5Config config;
    private final ServiceTicketCache cache;
    /**
     * Service tickets of the Subject this credential found or stored there, by service: looked at before the
     * Subject itself (a hash look-up instead of a walk over its credentials). Never destroyed by this credential.
     */
    private final Map<KerberosName, ServiceTicket> subjectTickets = new ConcurrentHashMap<>();

    private final String origin;
    /** The JAAS Subject the credential came from, whose tickets it reuses and extends; null otherwise. */
    private final Subject subject;

    private volatile ServiceTicket tgt;
    private volatile boolean disposed;

    /** Either side may be null (not both): an acceptor has no client, an initiator no service keys. */
    private KerberosCredential(Usage usage, ClientTgt client, ServiceKeys service, KdcRequestContext kdc) {
        this.usage = usage;
        this.kdc = kdc;
        this.config = kdc.config();
        this.as = new AsExchange(kdc);
        this.tgs = new TgsExchange(kdc);
        this.options = TicketOptions.fromConfig(config);
        this.cache = new ServiceTicketCache(config.clockSkew(), MAX_CACHED_TICKETS);
        this.principal =
                client != null ? client.principal() : service.principal().orElse(null);
        this.tgt = client == null ? null : client.tgt();
        this.clientKeys = client == null ? null : client.keys().orElse(null);
        this.subject = client == null ? null : client.subject().orElse(null);
        this.acceptorKeys = service == null ? List.of() : service.keys();
        this.acceptorKeyTabs = service == null ? Optional.empty() : service.keyTabs();
        this.acceptAny = client == null && service.acceptAny();
        this.origin = client == null
                ? service.origin()
                : service == null ? client.origin() : client.origin() + " + " + service.origin();
    }

    /** An initiator credential: {@code client}'s TGT, renewed through {@code kdc} when it has keys. */
    static KerberosCredential initiator(ClientTgt client, KdcRequestContext kdc) {
        return new KerberosCredential(Usage.INITIATE, client, null, kdc);
    }

    /** An acceptor credential: {@code service}'s keys. */
    static KerberosCredential acceptor(ServiceKeys service, KdcRequestContext kdc) {
        return new KerberosCredential(Usage.ACCEPT, null, service, kdc);
    }

    /** An initiate-and-accept credential: {@code client}'s TGT and keys plus {@code service}'s keys. */
    static KerberosCredential both(ClientTgt client, ServiceKeys service, KdcRequestContext kdc) {
        return new KerberosCredential(Usage.BOTH, client, service, kdc);
    }

    @Override
    public MechOid mechanism() {
        return MechOid.KERBEROS;
    }

    @Override
    public Optional<PeerName> name() {
        return principal == null ? Optional.empty() : Optional.of(PeerName.principal(principal.toString()));
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** Where the credential came from (for messages): "ccache /tmp/krb5cc_0", "keytab ...", "password", "Subject". */
    public String origin() {
        return origin;
    }

    @Override
    public Optional<Instant> expiry() {
        ServiceTicket t = tgt;
        return t != null && clientKeys == null ? Optional.of(t.endTime()) : Optional.empty();
    }

    // ---- TicketSource

    @Override
    public KerberosName client() {
        if (principal == null) {
            throw new IllegalStateException("an acceptor-only credential has no client name");
        }
        return principal;
    }

    @Override
    public ServiceTicket serviceTicket(KerberosName service) throws NegotiateException {
        checkInitiator();
        Instant now = kdc.now();
        ServiceTicket cached = cache.get(service, now);
        if (cached != null) {
            return cached;
        }
        ServiceTicket shared = subjectTickets.get(service);
        if (shared != null && !shared.sessionKey().isDestroyed() && !shared.isExpired(now.plus(skew()))) {
            return shared;
        }
        if (subject != null) {
            Optional<SubjectTickets.Found> found =
                    SubjectTickets.find(subject, principal, service, now, now.plus(skew()));
            if (found.isPresent()) {
                ServiceTicket st = found.get().ticket();
                if (found.get().owned()) { // a copy decoded for this credential: its cache destroys it on dispose
                    cache.put(service, st, now);
                } else {
                    rememberSubjectTicket(service, st);
                }
                return st;
            }
        }
        ServiceTicket st = tgs.request(currentTgt(), service, options);
        // kept in the Subject for the next context built from it (as SunJGSS does), else in this credential
        if (subject != null && SubjectTickets.store(subject, st, now)) {
            rememberSubjectTicket(service, st);
        } else {
            cache.put(service, st, now);
        }
        return st;
    }

    private void rememberSubjectTicket(KerberosName service, ServiceTicket st) {
        if (subjectTickets.size() < MAX_CACHED_TICKETS || subjectTickets.containsKey(service)) {
            subjectTickets.put(service, st);
        }
    }

    @Override
    public ServiceTicket forwardedTgt(KerberosName service) throws NegotiateException {
        checkInitiator();
        ServiceTicket t = currentTgt();
        if (!new TicketFlags(t.flags()).isFlagSet(TicketFlag.FORWARDABLE)) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "cannot delegate to " + service + ": the TGT of " + principal
                            + " is not forwardable (forwardable = true in krb5.conf, or kinit -f)");
        }
        return tgs.request(t, t.server(), options.withForwarded());
    }

    /**
     * This service's credential acting as {@code user} (constrained delegation, MS-SFU): S4U2self now, for the
     * evidence ticket, then S4U2proxy for every service the returned credential initiates to.
     */
    public ImpersonatedCredential impersonate(String userName) throws NegotiateException {
        checkInitiator();
        // a user of this service's realm unless the name says otherwise
        KerberosName user = KerberosName.parse(userName, principal.realm(), KerberosName.NT_PRINCIPAL);
        ServiceTicket evidence = tgs.s4u().s4u2self(currentTgt(), user, options);
        return new ImpersonatedCredential(this, evidence, tgs.s4u(), options, kdc.clock());
    }

    /** The TGT, fetched again through the AS exchange when it expires within the clock skew and keys are at hand. */
    public ServiceTicket currentTgt() throws NegotiateException {
        checkInitiator();
        ServiceTicket t = tgt;
        Instant soon = kdc.now().plus(config.clockSkew());
        if (t != null && !t.isExpired(soon)) {
            return t;
        }
        synchronized (this) {
            t = tgt;
            if (t != null && !t.isExpired(soon)) {
                return t;
            }
            if (clientKeys == null) {
                if (t == null) {
                    throw new NegotiateException(Failure.NO_CREDENTIALS, "no TGT for " + principal + " in " + origin);
                }
                throw new NegotiateException(
                        Failure.CREDENTIALS_EXPIRED,
                        "the TGT of " + principal + " from " + origin + " expired at " + t.endTime()
                                + "; run kinit again");
            }
            ServiceTicket fresh = as.requestTgt(principal, clientKeys, options);
            tgt = fresh; // the old session key may still be in use by contexts; it is not destroyed here
            if (subject != null) {
                SubjectTickets.store(subject, fresh, kdc.now());
            }
            return fresh;
        }
    }

    private java.time.Duration skew() {
        return config.clockSkew();
    }

    private void checkInitiator() throws NegotiateException {
        if (disposed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the credential was disposed");
        }
        if (usage == Usage.ACCEPT) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "this is an acceptor credential; it cannot initiate");
        }
    }

    // ---- KeySource

    @Override
    public List<Krb5Key> keysFor(KerberosName server, int etype, Integer kvno) throws NegotiateException {
        if (disposed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the credential was disposed");
        }
        List<Krb5Key> out = new ArrayList<>();
        for (KeytabKey k : acceptorKeys) {
            boolean nameOk = k.principal().samePrincipal(server)
                    || (principal == null
                            && acceptAny
                            && k.principal().components().equals(server.components())
                            && server.realm().isEmpty());
            if (nameOk && fits(k, etype, kvno)) {
                out.add(k.key());
            }
        }
        if (out.isEmpty() && acceptorKeyTabs.isPresent()) {
            for (KeytabKey k : acceptorKeyTabs.get().keysOf(server)) {
                if (fits(k, etype, kvno)) {
                    out.add(k.key());
                }
            }
        }
        return out;
    }

    private static boolean fits(KeytabKey k, int etype, Integer kvno) {
        return k.key().type().id() == etype && (kvno == null || kvno == k.kvno());
    }

    @Override
    public boolean acceptsAnyPrincipal() {
        return acceptAny;
    }

    @Override
    public void dispose() {
        disposed = true;
        acceptorKeys.forEach(k -> k.key().destroy());
        acceptorKeyTabs.ifPresent(SubjectKeyTabs::destroy);
        if (clientKeys != null) {
            clientKeys.destroy();
        }
        ServiceTicket t = tgt;
        if (t != null) {
            t.sessionKey().destroy();
        }
        cache.destroyAll();
        subjectTickets.clear(); // the Subject's: not destroyed
    }

    @Override
    public String toString() {
        return "KerberosCredential[" + usage + ", " + (principal == null ? "any principal" : principal) + ", from "
                + origin + "]";
    }
}
