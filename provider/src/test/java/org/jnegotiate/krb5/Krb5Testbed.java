package org.jnegotiate.krb5;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.creds.KeySource;
import org.jnegotiate.krb5.creds.TicketSource;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * An in-memory Kerberos world for context tests: a service key, and tickets encrypted with it exactly as a KDC
 * would (EncTicketPart through Kerby's types), handed to the initiator through a fake TicketSource.
 */
final class Krb5Testbed {
    static final String REALM = "EXAMPLE.COM";
    static final KerberosName CLIENT = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("alice"), REALM);
    static final KerberosName SERVICE = KerberosName.hostbasedService("HTTP", "www.example.com", REALM);
    static final KerberosName TGS = KerberosName.tgs(REALM);
    static final int KVNO = 3;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T10:00:00.123456Z"));
    final KerbyTestCrypto crypto = new KerbyTestCrypto();
    final Krb5Key serviceKey;
    final ReplayCache replayCache =
            new ReplayCache(KerberosSettings.DEFAULT_SKEW, clock, new java.security.SecureRandom());
    Duration ticketLifetime = Duration.ofHours(10);
    Instant ticketStart = null;
    int ticketFlags = TicketPart.FORWARDABLE;
    /** caddr of the tickets issued from now on; empty = usable from anywhere. */
    List<org.jnegotiate.krb5.tokens.HostAddress> ticketAddresses = List.of();
    /** authorization-data of the tickets issued from now on (a PAC, for instance). */
    List<org.jnegotiate.krb5.tokens.AuthorizationDataEntry> ticketAuthorizationData = List.of();

    boolean allowMissingBindings;
    /** The client of the tickets issued from now on (another realm's for cross-realm tickets). */
    KerberosName ticketClient = CLIENT;
    /** The transited field of the tickets issued from now on. */
    String ticketTransited = "";

    TgsClient tgsClient;

    Krb5Testbed() {
        serviceKey = crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
    }

    /** A testbed whose service key is given (the fuzz targets need tickets that stay valid across runs). */
    Krb5Testbed(Krb5Key serviceKey) {
        this.serviceKey = serviceKey;
    }

    KerberosSettings settings() {
        return new KerberosSettings(
                crypto,
                clock,
                KerberosSettings.DEFAULT_SKEW,
                host -> REALM,
                Optional.of(replayCache),
                allowMissingBindings,
                false,
                Optional.ofNullable(tgsClient));
    }

    /** A ticket for {@code server} encrypted with {@code key}, as a KDC issues it. */
    ServiceTicket issue(KerberosName server, Krb5Key key, int kvno, int flags) throws NegotiateException {
        Instant start = (ticketStart != null ? ticketStart : clock.instant())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Krb5Key session = crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        TicketPart part = new TicketPart(
                session,
                ticketClient,
                flags,
                start,
                Optional.of(start),
                start.plus(ticketLifetime),
                Optional.empty(),
                ticketAddresses,
                ticketTransited,
                ticketAuthorizationData);
        byte[] plain = part.encode();
        Krb5Cipher c = crypto.cipher(key);
        byte[] enc = c.encrypt(2, plain, 0, plain.length);
        c.destroy();
        Ticket t = new Ticket();
        t.setTktKvno(5);
        t.setRealm(server.realm());
        t.setSname(server.toKerby());
        t.setEncryptedEncPart(KrbInts.encryptedData(key.type().id(), kvno, enc));
        return new ServiceTicket(
                TicketCodec.of(t),
                session,
                ticketClient,
                server,
                start,
                start,
                start.plus(ticketLifetime),
                Optional.empty(),
                flags);
    }

    FakeTickets tickets() {
        return new FakeTickets();
    }

    FakeKeys keys() {
        return new FakeKeys(List.of(serviceKey), KVNO);
    }

    /** Initiator credential: issues tickets with the testbed's service key. */
    final class FakeTickets implements TicketSource, MechCredential {
        Krb5Key keyForTickets = serviceKey;
        boolean forwardable = true;
        final List<ServiceTicket> issued = new ArrayList<>();

        @Override
        public KerberosName client() {
            return ticketClient;
        }

        @Override
        public ServiceTicket serviceTicket(KerberosName service) throws NegotiateException {
            ServiceTicket t = issue(service, keyForTickets, KVNO, ticketFlags);
            issued.add(t);
            return t;
        }

        @Override
        public ServiceTicket forwardedTgt(KerberosName service) throws NegotiateException {
            if (!forwardable) {
                throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "TGT not forwardable");
            }
            Krb5Key tgsKey = crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
            return issue(TGS, tgsKey, 1, TicketPart.FORWARDABLE | 0x20000000 /* forwarded */);
        }

        @Override
        public MechOid mechanism() {
            return MechOid.KERBEROS;
        }

        @Override
        public Optional<PeerName> name() {
            return Optional.of(PeerName.principal(CLIENT.toString()));
        }

        @Override
        public Usage usage() {
            return Usage.INITIATE;
        }

        @Override
        public Optional<Instant> expiry() {
            return Optional.empty();
        }

        @Override
        public void dispose() {}
    }

    /** Acceptor credential: a keytab of one key. */
    static class FakeKeys implements KeySource, MechCredential {
        final List<Krb5Key> keys;
        final int kvno;

        FakeKeys(List<Krb5Key> keys, int kvno) {
            this.keys = keys;
            this.kvno = kvno;
        }

        @Override
        public List<Krb5Key> keysFor(KerberosName server, int etype, Integer wantedKvno) {
            if (!server.samePrincipal(SERVICE) || (wantedKvno != null && wantedKvno != kvno)) {
                return List.of();
            }
            return keys.stream().filter(k -> k.type().id() == etype).toList();
        }

        @Override
        public boolean acceptsAnyPrincipal() {
            return false;
        }

        @Override
        public MechOid mechanism() {
            return MechOid.KERBEROS;
        }

        @Override
        public Optional<PeerName> name() {
            return Optional.of(PeerName.principal(SERVICE.toString()));
        }

        @Override
        public Usage usage() {
            return Usage.ACCEPT;
        }

        @Override
        public Optional<Instant> expiry() {
            return Optional.empty();
        }

        @Override
        public void dispose() {}
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
