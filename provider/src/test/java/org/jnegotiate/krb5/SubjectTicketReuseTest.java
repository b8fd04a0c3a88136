package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechCredential.Usage;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default credentials inside one JAAS Subject (a new credential per context, as {@code createContext(name, mech,
 * null, ...)} in {@code Subject.doAs} gives): the TGT from the Subject's key and the service ticket are kept in
 * the Subject as KerberosTickets, as SunJGSS keeps them, so the second context needs no KDC. "The KDC is
 * stopped" is a mechanism whose krb5.conf names a port nothing listens on (the shared Kerby KDC keeps running
 * for the other tests).
 */
class SubjectTicketReuseTest {
    private static final String SERVICE = "HTTP/localhost@" + KerbyKdc.REALM;

    @TempDir
    Path dir;

    private static KerberosMechanism mechanism(Path krb5Conf) throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        return KerberosMechanism.create(NegotiateConfig.builder()
                .krb5Conf(krb5Conf)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .useSubjectCredsOnly(true)
                .build());
    }

    private KerberosMechanism kdcStopped() throws Exception {
        Path conf = dir.resolve("dead-krb5.conf");
        Files.writeString(conf, KerbyKdc.krb5ConfText(KerbyKdc.freePort()));
        return mechanism(conf);
    }

    private static Subject aliceWithKey() {
        KerberosPrincipal alice = new KerberosPrincipal(KerbyKdc.ALICE + "@" + KerbyKdc.REALM);
        Subject s = new Subject();
        s.getPrincipals().add(alice);
        s.getPrivateCredentials()
                .add(new KerberosKey(alice, KerbyKdc.ALICE_PASSWORD.toCharArray(), "aes128-cts-hmac-sha1-96"));
        return s;
    }

    /** One handshake with default credentials from {@code subject}: a credential acquired for this context only. */
    private static void handshake(KerberosMechanism mech, KerberosMechanism acceptorMech, Subject subject)
            throws Exception {
        MechCredential cred =
                mech.acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(subject));
        MechCredential service =
                acceptorMech.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), Usage.ACCEPT));
        MechContext init = mech.initiator(
                MechOid.KERBEROS,
                cred,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .build());
        MechContext acc = acceptorMech.acceptor(
                MechOid.KERBEROS, service, ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertTrue(acc.isEstablished());
        assertEquals(
                "alice@" + KerbyKdc.REALM, acc.initiatorName().orElseThrow().name());
        init.dispose();
        acc.dispose();
        service.dispose();
    }

    private static List<KerberosTicket> tickets(Subject s, String server) {
        return s.getPrivateCredentials(KerberosTicket.class).stream()
                .filter(t -> !t.isDestroyed() && t.getServer().getName().equals(server))
                .toList();
    }

    @Test
    void defaultCredentials_secondContextAfterKdcStopped_usesTicketsKeptInSubject() throws Exception {
        KerberosMechanism live = mechanism(KerbyKdc.get().krb5Conf);
        Subject subject = aliceWithKey();
        handshake(live, live, subject);

        List<KerberosTicket> service = tickets(subject, SERVICE);
        assertEquals(1, service.size(), "the service ticket is kept in the Subject");
        assertEquals("alice@" + KerbyKdc.REALM, service.get(0).getClient().getName());
        assertFalse(service.get(0).isDestroyed());
        assertEquals(
                1,
                tickets(subject, "krbtgt/" + KerbyKdc.REALM + "@" + KerbyKdc.REALM)
                        .size(),
                "the TGT from the Subject's key is kept too");

        KerberosMechanism stopped = kdcStopped();
        handshake(stopped, live, subject);
        handshake(stopped, live, subject);
        assertEquals(1, tickets(subject, SERVICE).size(), "reused, not stored again");
    }

    @Test
    void readOnlySubject_notChanged_asksKdcEachTime() throws Exception {
        KerberosMechanism live = mechanism(KerbyKdc.get().krb5Conf);
        Subject subject = aliceWithKey();
        subject.setReadOnly();
        handshake(live, live, subject);
        handshake(live, live, subject);
        assertEquals(0, subject.getPrivateCredentials(KerberosTicket.class).size());

        KerberosMechanism stopped = kdcStopped();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> stopped.acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(subject)));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
    }

    @Test
    void destroyedServiceTicketInSubject_notUsed_tgsAgain() throws Exception {
        KerberosMechanism live = mechanism(KerbyKdc.get().krb5Conf);
        Subject subject = aliceWithKey();
        handshake(live, live, subject);
        tickets(subject, SERVICE).get(0).destroy();

        KerberosMechanism stopped = kdcStopped();
        MechCredential cred =
                stopped.acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(subject));
        MechContext init = stopped.initiator(
                MechOid.KERBEROS,
                cred,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .build());
        NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(null));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure(), "the TGS exchange was tried: " + e.getMessage());

        handshake(live, live, subject);
        assertEquals(1, tickets(subject, SERVICE).size());
        assertTrue(
                subject.getPrivateCredentials(KerberosTicket.class).stream().noneMatch(KerberosTicket::isDestroyed),
                "the destroyed ticket was dropped from the Subject when the new one was stored");
    }

    @Test
    void storedServiceTicket_sharedByLaterCredentials_survivesTheirDispose_destroyedWithKerberosTicket()
            throws Exception {
        KerberosMechanism live = mechanism(KerbyKdc.get().krb5Conf);
        Subject subject = aliceWithKey();
        KerberosName http = KerberosName.hostbasedService("HTTP", "localhost", KerbyKdc.REALM);
        KerberosCredential first = (KerberosCredential)
                live.acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(subject));
        ServiceTicket obtained = first.serviceTicket(http);
        first.dispose();
        assertFalse(obtained.sessionKey().isDestroyed(), "the Subject's ticket is not the credential's to destroy");

        KerberosCredential second = (KerberosCredential)
                live.acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(subject));
        assertSame(obtained, second.serviceTicket(http), "decoded once, with its session key's cipher");
        second.dispose();

        tickets(subject, SERVICE).get(0).destroy();
        assertTrue(obtained.sessionKey().isDestroyed(), "destroying the KerberosTicket destroys the shared copy");
    }
}
