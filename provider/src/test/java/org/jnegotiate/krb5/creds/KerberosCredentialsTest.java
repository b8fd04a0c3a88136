package org.jnegotiate.krb5.creds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.KdcClient;
import org.jnegotiate.krb5.kdc.KdcContexts;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential.Usage;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerberosCredentialsTest {
    private static final KerberosName HTTP = KerberosName.hostbasedService("HTTP", "localhost", KerbyKdc.REALM);

    private static NegotiateConfig config(Map<String, String> env, boolean subjectOnly) {
        return NegotiateConfig.builder()
                .environment(env)
                .useSubjectCredsOnly(subjectOnly)
                .build();
    }

    private static KerberosCredential acquire(CredentialRequest r, NegotiateConfig c) throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        return KerberosCredentials.acquire(
                r, c, KdcContexts.of(KdcClient.of(kdc.config(), new NetworkKdcTransport()), false));
    }

    @Test
    void password_getsServiceTicket_cachedPerService() throws Exception {
        KerberosCredential cred = acquire(
                CredentialRequest.of(PeerName.user("alice"), Usage.INITIATE)
                        .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()),
                config(Map.of(), true));
        assertEquals("alice@TEST.JNEGOTIATE", cred.client().toString());
        ServiceTicket st = cred.serviceTicket(HTTP);
        assertEquals(HTTP, st.server());
        assertSame(st, cred.serviceTicket(HTTP));
        assertTrue(cred.forwardedTgt(HTTP).server().toString().startsWith("krbtgt/"));
        cred.dispose();
        assertTrue(st.sessionKey().isDestroyed());
        NegotiateException e = assertThrows(NegotiateException.class, () -> cred.serviceTicket(HTTP));
        assertEquals(Failure.INVALID_HANDLE, e.failure());
    }

    @Test
    void wrongPassword_isLogonDenied() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(PeerName.user("alice"), Usage.INITIATE)
                                .withPassword("nope".toCharArray()),
                        config(Map.of(), true)));
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }

    @Test
    void useSubjectCredsOnly_withoutSubject_isNoCredentials() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(CredentialRequest.of(null, Usage.INITIATE), config(Map.of(), true)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains("useSubjectCredsOnly"), e.getMessage());
    }

    /** alice's TGT, obtained by Kerby's client and written to the ccache file {@code cc}. */
    private static TgtTicket aliceTgtInCcache(File cc) throws Exception {
        KrbClient kerby = KerbyKdc.get().server.getKrbClient();
        TgtTicket tgt = kerby.requestTgt("alice@" + KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        kerby.storeTicket(tgt, cc);
        return tgt;
    }

    @Test
    void ccacheWrittenByKerby_givesTgtAndServiceTicket(@TempDir Path dir) throws Exception {
        File cc = dir.resolve("krb5cc").toFile();
        aliceTgtInCcache(cc);
        KerberosCredential cred =
                acquire(CredentialRequest.of(null, Usage.INITIATE), config(Map.of("KRB5CCNAME", "FILE:" + cc), false));
        assertEquals("alice@TEST.JNEGOTIATE", cred.client().toString());
        assertTrue(cred.origin().contains(cc.toString()));
        assertEquals(HTTP, cred.serviceTicket(HTTP).server());
        assertTrue(cred.expiry().isPresent());
    }

    @Test
    void ccacheTgt_expiredOnTheInjectedClock_isNotUsed(@TempDir Path dir) throws Exception {
        File cc = dir.resolve("krb5cc").toFile();
        TgtTicket tgt = aliceTgtInCcache(cc);
        // a day after the TGT's end on the credentials' clock, whatever the system clock says
        Clock late = Clock.fixed(
                tgt.getEncKdcRepPart().getEndTime().getValue().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        KdcRequestContext context = new KdcRequestContext(
                KdcClient.of(KerbyKdc.get().config(), new NetworkKdcTransport()),
                false,
                late,
                StripedSecureRandom.asSecureRandom());
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KerberosCredentials.acquire(
                        CredentialRequest.of(null, Usage.INITIATE),
                        config(Map.of("KRB5CCNAME", "FILE:" + cc), false),
                        context));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains("ccache " + cc + " (no current TGT)"), e.getMessage());
    }

    @Test
    void missingCcacheAndKeytab_isNoCredentialsNamingPlaces(@TempDir Path dir) {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(null, Usage.INITIATE),
                        config(Map.of("KRB5CCNAME", dir.resolve("none").toString()), false)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains(dir.resolve("none").toString()), e.getMessage());
    }

    @Test
    void clientKeytab_getsTgt() throws Exception {
        File kt = KerbyKdc.get().keytabOf(KerbyKdc.BOB);
        KerberosCredential cred = acquire(
                CredentialRequest.of(null, Usage.INITIATE),
                config(Map.of("KRB5CCNAME", "/nonexistent/cc", "KRB5_CLIENT_KTNAME", "FILE:" + kt), false));
        assertEquals("bob@TEST.JNEGOTIATE", cred.client().toString());
        assertEquals(HTTP, cred.serviceTicket(HTTP).server());
    }

    @Test
    void acceptorKeytab_keysForPicksByPrincipalEtypeKvno() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        KerberosCredential acc = acquire(
                CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), Usage.ACCEPT),
                config(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()), true));
        assertFalse(acc.acceptsAnyPrincipal());
        KeytabKey first = KeytabFiles.read(kdc.serviceKeytab).get(0);
        Krb5Key key = assertKeysForPicksByPrincipalEtypeKvno(acc, first);
        acc.dispose();
        assertTrue(key.isDestroyed());
    }

    /** {@code acc} gives {@code first}'s key for HTTP, none for another kvno or principal; returns the key. */
    private static Krb5Key assertKeysForPicksByPrincipalEtypeKvno(KerberosCredential acc, KeytabKey first)
            throws NegotiateException {
        List<Krb5Key> keys = acc.keysFor(HTTP, first.key().type().id(), first.kvno());
        assertEquals(1, keys.size());
        assertEquals(first.key().type(), keys.get(0).type());
        assertEquals(List.of(), acc.keysFor(HTTP, first.key().type().id(), first.kvno() + 7));
        assertEquals(
                List.of(),
                acc.keysFor(
                        KerberosName.hostbasedService("HTTP", "other", KerbyKdc.REALM),
                        first.key().type().id(),
                        null));
        return keys.get(0);
    }

    /** A documented difference from SunJGSS (see KerberosCredentials): the keytab is read under useSubjectCredsOnly. */
    @Test
    void acceptor_emptySubjectAndUseSubjectCredsOnly_readsKrb5Ktname() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        KerberosCredential acc = acquire(
                CredentialRequest.of(null, Usage.ACCEPT)
                        .withSubject(new Subject())
                        .withSubjectCredsOnly(true),
                config(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()), true));
        assertEquals("keytab " + kdc.serviceKeytab, acc.origin());
        assertTrue(acc.acceptsAnyPrincipal());
        KeytabKey first = KeytabFiles.read(kdc.serviceKeytab).get(0);
        assertEquals(1, acc.keysFor(HTTP, first.key().type().id(), first.kvno()).size());
    }

    @Test
    void acceptor_subjectKeyTab_winsOverKrb5Ktname() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Subject s = new Subject();
        s.getPrivateCredentials()
                .add(javax.security.auth.kerberos.KeyTab.getInstance(
                        new KerberosPrincipal(HTTP.toString()), kdc.serviceKeytab.toFile()));
        KerberosCredential acc = acquire(
                CredentialRequest.of(null, Usage.ACCEPT).withSubject(s),
                config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true));
        assertEquals("Subject keys", acc.origin());
    }

    /**
     * An unbound KeyTab (what Krb5LoginModule stores for {@code principal="*"}) cannot list its principals: the
     * default acceptor looks a ticket's server up in it when the ticket arrives, as SunJGSS does, instead of
     * skipping it for KRB5_KTNAME.
     */
    @Test
    void acceptor_subjectUnboundKeyTab_keysLookedUpByServer_destroyedOnDispose() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Subject s = unboundKeyTabSubject(kdc);
        KerberosCredential acc = acquire(
                CredentialRequest.of(null, Usage.ACCEPT).withSubject(s),
                config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true));
        assertEquals("the Subject's unbound KeyTab", acc.origin());
        assertTrue(acc.acceptsAnyPrincipal());
        KeytabKey first = KeytabFiles.read(kdc.serviceKeytab).get(0);
        Krb5Key key = assertKeysForPicksByPrincipalEtypeKvno(acc, first);
        assertSame(key, acc.keysFor(HTTP, first.key().type().id(), first.kvno()).get(0), "read once, kept");
        acc.dispose();
        assertTrue(key.isDestroyed());
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acc.keysFor(HTTP, first.key().type().id(), first.kvno()));
        assertEquals(Failure.INVALID_HANDLE, e.failure());
    }

    /**
     * {@code KeyTab.getInstance(File)} is bound to an unknown principal (its Javadoc): the Subject's
     * KerberosPrincipal says whose keys it gives; without one it gives none, and the keytab file is the fallback.
     */
    @Test
    void acceptor_subjectKeyTabBoundToUnknown_keysOfTheSubjectsPrincipal() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Subject s = new Subject();
        s.getPrincipals().add(new KerberosPrincipal(HTTP.toString()));
        s.getPrivateCredentials().add(javax.security.auth.kerberos.KeyTab.getInstance(kdc.serviceKeytab.toFile()));
        KerberosCredential acc = acquire(
                CredentialRequest.of(null, Usage.ACCEPT).withSubject(s),
                config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true));
        assertEquals("Subject keys", acc.origin());
        KeytabKey first = KeytabFiles.read(kdc.serviceKeytab).get(0);
        assertEquals(1, acc.keysFor(HTTP, first.key().type().id(), first.kvno()).size());

        Subject noPrincipal = new Subject();
        noPrincipal
                .getPrivateCredentials()
                .add(javax.security.auth.kerberos.KeyTab.getInstance(kdc.serviceKeytab.toFile()));
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(null, Usage.ACCEPT).withSubject(noPrincipal),
                        config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains("/nonexistent/krb5.keytab"), e.getMessage());
    }

    /** A Subject holding an unbound KeyTab of the service keytab, as {@code Krb5LoginModule principal="*"} makes. */
    private static Subject unboundKeyTabSubject(KerbyKdc kdc) {
        Subject s = new Subject();
        s.getPrivateCredentials()
                .add(javax.security.auth.kerberos.KeyTab.getUnboundInstance(kdc.serviceKeytab.toFile()));
        return s;
    }

    /** A name was asked for: the unbound KeyTab gives that principal's keys now, and none is a failure now. */
    @Test
    void acceptor_subjectUnboundKeyTab_namedService() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Subject s = unboundKeyTabSubject(kdc);
        KerberosCredential acc = acquire(
                CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), Usage.ACCEPT)
                        .withSubject(s),
                config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true));
        assertEquals("Subject keys", acc.origin());
        assertFalse(acc.acceptsAnyPrincipal());
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(PeerName.principal("host/other@" + KerbyKdc.REALM), Usage.ACCEPT)
                                .withSubject(s),
                        config(Map.of("KRB5_KTNAME", "/nonexistent/krb5.keytab"), true)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
    }

    @Test
    void acceptor_noSubjectKeysAndNoKeytab_noCredentialsNamingTheKeytab(@TempDir Path dir) {
        Path missing = dir.resolve("missing.keytab");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(null, Usage.ACCEPT)
                                .withSubject(new Subject())
                                .withSubjectCredsOnly(true),
                        config(Map.of("KRB5_KTNAME", missing.toString()), true)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void acceptor_unknownPrincipal_isNoCredentials() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> acquire(
                        CredentialRequest.of(PeerName.principal("host/other@" + KerbyKdc.REALM), Usage.ACCEPT),
                        config(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()), true)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
    }

    @Test
    void subjectKerberosKey_getsTgt() throws Exception {
        KerberosPrincipal p = new KerberosPrincipal("alice@" + KerbyKdc.REALM);
        Subject s = new Subject();
        s.getPrincipals().add(p);
        s.getPrivateCredentials()
                .add(new KerberosKey(p, KerbyKdc.ALICE_PASSWORD.toCharArray(), "aes128-cts-hmac-sha1-96"));
        KerberosCredential cred =
                acquire(CredentialRequest.of(null, Usage.INITIATE).withSubject(s), config(Map.of(), true));
        assertEquals("alice@TEST.JNEGOTIATE", cred.client().toString());
        assertEquals("Subject keys", cred.origin());
        assertEquals(Optional.empty(), cred.expiry());
        assertEquals(HTTP, cred.serviceTicket(HTTP).server());
    }

    @Test
    void keytabFiles_missingAndGarbage_fail(@TempDir Path dir) throws Exception {
        assertEquals(
                Failure.NO_CREDENTIALS,
                assertThrows(NegotiateException.class, () -> KeytabFiles.read(dir.resolve("x")))
                        .failure());
        Path junk = dir.resolve("junk");
        java.nio.file.Files.write(junk, new byte[] {5, 2, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        assertThrows(NegotiateException.class, () -> KeytabFiles.read(junk));
        java.nio.file.Files.write(junk, new byte[] {5, 4, 0, 0, 0, 0x30, 0, 2});
        assertThrows(NegotiateException.class, () -> CcacheFiles.read(junk));
    }

    @Test
    void krb5ConfigDefaults_areUsedForKeytabName() throws Exception {
        Krb5Config c = Krb5Config.parse("[libdefaults]\n default_keytab_name = FILE:/etc/x.keytab\n");
        assertEquals(
                Optional.of(Path.of("/etc/x.keytab")),
                KeytabFiles.path(c.defaultKeytabName().get()));
        assertEquals(Optional.empty(), CcacheFiles.path("KEYRING:persistent:0"));
    }
}
