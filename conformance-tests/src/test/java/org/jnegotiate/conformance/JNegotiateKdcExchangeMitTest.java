package org.jnegotiate.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.FailedLoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.krb5.KerberosLogin;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JNegotiate's Kerberos, driven through {@code org.ietf.jgss} in both roles, against MIT krb5's KDC: its AS and
 * TGS exchanges, keytab and ccache readers and RFC 8009 on the wire, with each kind of initiator credential
 * (a JAAS Subject holding a KeyTab, a ccache written by MIT {@code kinit}, a password through
 * {@link KerberosLogin}) and an acceptor keytab in a Subject. One realm per enctype, one after the other.
 */
class JNegotiateKdcExchangeMitTest {
    static final String HOST = "acceptor.jnegotiate.test";
    static final String SERVICE = "HTTP/" + HOST;
    static final String ALICE_PASSWORD = "alice-Pa55word";
    static final String BOB_PASSWORD = "bob-Pa55word";

    /** aes256-cts-hmac-sha384-192 (RFC 8009) only, KDC over TCP; also the bad-input checks. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Aes256Sha384 extends RealmChecks {
        Aes256Sha384() {
            super("aes256-cts-hmac-sha384-192", 20, true);
        }

        @Test
        void unknownService_isBadNameTargetUnknown() throws Exception {
            GSSException e = assertThrows(
                    GSSException.class,
                    () -> handshake(keytabSubject(), acceptorSubject(), "HTTP@nowhere.jnegotiate.test"));
            assertEquals(GSSException.BAD_NAME, e.getMajor(), e.toString());
            assertEquals(Failure.TARGET_UNKNOWN, failureOf(e));
            assertEquals(7, e.getMinor()); // KDC_ERR_S_PRINCIPAL_UNKNOWN
            assertTrue(e.getMessage().contains("HTTP/nowhere.jnegotiate.test@" + kdc.realm()), e.getMessage());
        }

        @Test
        void wrongPassword_kerberosLogin_isFailedLoginWithLogonDenied() {
            FailedLoginException e = assertThrows(
                    FailedLoginException.class,
                    () -> KerberosLogin.withPassword(
                            kdc.principal("alice"), "not-the-password".toCharArray(), NegotiateConfig.fromSystem()));
            NegotiateException cause = assertInstanceOf(NegotiateException.class, e.getCause());
            assertEquals(Failure.LOGON_DENIED, cause.failure());
            assertEquals(GSSException.UNAUTHORIZED, cause.failure().gssMajor());
            assertEquals(24, cause.minor()); // alice requires pre-authentication: the KDC rejects the timestamp
            assertTrue(cause.getMessage().contains("KDC error 24"), cause.getMessage());
        }

        @Test
        void wrongPassword_withoutPreauth_isLogonDeniedWhenTheReplyDoesNotDecrypt() {
            FailedLoginException e = assertThrows(
                    FailedLoginException.class,
                    () -> KerberosLogin.withPassword(
                            kdc.principal("bob"), "not-the-password".toCharArray(), NegotiateConfig.fromSystem()));
            NegotiateException cause = assertInstanceOf(NegotiateException.class, e.getCause());
            assertEquals(Failure.LOGON_DENIED, cause.failure());
            assertEquals(31, cause.minor()); // KRB_AP_ERR_BAD_INTEGRITY, found by the client
            assertTrue(cause.getMessage().contains("does not decrypt"), cause.getMessage());
        }

        @Test
        void wrongKey_inSubject_isUnauthorizedLogonDenied() throws Exception {
            KerberosPrincipal alice = new KerberosPrincipal(kdc.principal("alice"));
            Subject subject = new Subject();
            subject.getPrincipals().add(alice);
            byte[] wrong = new byte[32]; // an aes256 key that is not alice's: what a wrong password gives
            new java.security.SecureRandom().nextBytes(wrong);
            subject.getPrivateCredentials().add(new KerberosKey(alice, wrong, enctypeNumber, 1));
            GSSException e = assertThrows(GSSException.class, () -> handshake(subject, acceptorSubject(), target()));
            assertEquals(GSSException.UNAUTHORIZED, e.getMajor(), e.toString());
            assertEquals(Failure.LOGON_DENIED, failureOf(e));
        }

        @Test
        void kdcStopped_isFailureNamingTheKdc() throws Exception {
            MitKdc stopped =
                    MitKdc.builder().realm("STOPPED.TEST").enctypes(enctype).start();
            int port = stopped.port();
            Path keytab = stopped.directory().resolve("bob.keytab");
            stopped.addPrincipal("bob", "bob-secret");
            stopped.exportKeytab(keytab, "bob");
            Subject bob = initiatorKeytabSubject(stopped.principal("bob"), Files.readAllBytes(keytab));
            JvmKrb5Conf.use(stopped);
            stopped.close();
            try {
                GSSException e = assertThrows(GSSException.class, () -> initiatorStep(bob, "HTTP@" + HOST));
                assertEquals(GSSException.FAILURE, e.getMajor(), e.toString());
                assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, failureOf(e));
                // minor 0: GSSException.getMessage() shows only the major string; the text is the minor string
                assertTrue(e.getMinorString().contains("127.0.0.1:" + port), e.getMinorString());
            } finally {
                JvmKrb5Conf.use(kdc);
            }
        }
    }

    /** aes256-cts-hmac-sha1-96 only, KDC over UDP. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Aes256Sha1 extends RealmChecks {
        Aes256Sha1() {
            super("aes256-cts-hmac-sha1-96", 18, false);
        }
    }

    /** The checks every realm gets: each initiator credential against a keytab acceptor. */
    abstract static class RealmChecks {
        final String enctype;
        final int enctypeNumber;
        final boolean tcpOnly;
        MitKdc kdc;
        Path aliceKeytab;
        Path serviceKeytab;

        RealmChecks(String enctype, int enctypeNumber, boolean tcpOnly) {
            this.enctype = enctype;
            this.enctypeNumber = enctypeNumber;
            this.tcpOnly = tcpOnly;
        }

        @BeforeAll
        void startKdc() {
            kdc = MitKdc.builder().enctypes(enctype).tcpOnly(tcpOnly).start();
            kdc.addPrincipal("alice", ALICE_PASSWORD);
            kdc.kadmin("modprinc +requires_preauth alice"); // PA-ETYPE-INFO2 and PA-ENC-TIMESTAMP on the wire
            kdc.addPrincipal("bob", BOB_PASSWORD); // no pre-authentication: the AS-REP carries the salt
            kdc.addRandomKeyPrincipal(SERVICE);
            aliceKeytab = kdc.directory().resolve("alice.keytab");
            serviceKeytab = kdc.directory().resolve("service.keytab");
            kdc.exportKeytab(aliceKeytab, "alice");
            kdc.exportKeytab(serviceKeytab, SERVICE);
            JvmKrb5Conf.use(kdc);
        }

        @AfterAll
        void stopKdc() {
            if (kdc != null) {
                kdc.close();
            }
        }

        String target() {
            return "HTTP@" + HOST;
        }

        Subject keytabSubject() throws Exception {
            return initiatorKeytabSubject(kdc.principal("alice"), Files.readAllBytes(aliceKeytab));
        }

        Subject acceptorSubject() {
            return JNegotiateKdcExchangeMitTest.acceptorSubject(kdc.principal(SERVICE), serviceKeytab);
        }

        @Test
        void keytabInSubject_establishesWithSessionKeyOfRealmEnctype() throws Exception {
            Result r = handshake(keytabSubject(), acceptorSubject(), target());
            assertEquals(kdc.principal("alice"), r.initiatorSeenByAcceptor());
            assertTrue(r.acceptorSeenByInitiator().contains(HOST), r.acceptorSeenByInitiator());
            assertEquals(enctypeNumber, r.initiatorKey().getKeyType());
            assertEquals(enctypeNumber, r.acceptorKey().getKeyType());
            assertArrayEquals(r.initiatorKey().getEncoded(), r.acceptorKey().getEncoded());
        }

        @Test
        void passwordThroughKerberosLogin_givesSubjectWithTgt_thatEstablishes() throws Exception {
            Subject subject =
                    KerberosLogin.withPassword("alice", ALICE_PASSWORD.toCharArray(), NegotiateConfig.fromSystem());
            KerberosTicket tgt = subject.getPrivateCredentials(KerberosTicket.class)
                    .iterator()
                    .next();
            assertEquals(
                    "krbtgt/" + kdc.realm() + "@" + kdc.realm(), tgt.getServer().getName());
            assertEquals(enctypeNumber, tgt.getSessionKeyType());
            assertTrue(tgt.isForwardable()); // ClientKrb5Conf: forwardable = true
            Result r = handshake(subject, acceptorSubject(), target());
            assertEquals(kdc.principal("alice"), r.initiatorSeenByAcceptor());
            assertEquals(enctypeNumber, r.acceptorKey().getKeyType());
        }

        @Test
        void passwordWithoutPreauth_givesTgtOfRealmEnctype() throws Exception {
            Subject subject = KerberosLogin.withPassword(
                    kdc.principal("bob"), BOB_PASSWORD.toCharArray(), NegotiateConfig.fromSystem());
            KerberosTicket tgt = subject.getPrivateCredentials(KerberosTicket.class)
                    .iterator()
                    .next();
            assertEquals(kdc.principal("bob"), tgt.getClient().getName());
            assertEquals(enctypeNumber, tgt.getSessionKeyType());
            Result r = handshake(subject, acceptorSubject(), target());
            assertEquals(kdc.principal("bob"), r.initiatorSeenByAcceptor());
        }

        @Test
        void ccacheWrittenByMitKinit_establishesInChildJvm() throws Exception {
            Path ccache = kdc.directory().resolve("alice.ccache");
            List<String> kinit = List.of("/usr/bin/kinit", "-k", "-t", aliceKeytab.toString(), kdc.principal("alice"));
            String kinitOut = run(kinit, List.of("KRB5_CONFIG=" + kdc.krb5Conf(), "KRB5CCNAME=FILE:" + ccache), 30);
            assertTrue(Files.size(ccache) > 0, kinitOut);
            List<String> java = new ArrayList<>();
            java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            java.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-exports"))
                    .toList());
            java.add("-Djava.security.krb5.conf=" + JvmKrb5Conf.path());
            java.add("-Djavax.security.auth.useSubjectCredsOnly=false");
            java.add("-cp");
            java.add(System.getProperty("java.class.path"));
            java.add(CcacheHandshake.class.getName());
            java.add(kdc.principal(SERVICE));
            java.add(serviceKeytab.toString());
            java.add(target());
            String out = run(java, List.of("KRB5CCNAME=FILE:" + ccache), 60);
            String result = out.lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the child JVM printed no RESULT:\n" + out));
            assertEquals(
                    "RESULT " + kdc.principal("alice") + " " + enctypeNumber + " " + enctypeNumber + " same-key",
                    result,
                    out);
        }
    }

    /** The child JVM of the ccache test: default initiator credentials (KRB5CCNAME), acceptor keytab Subject. */
    public static final class CcacheHandshake {
        public static void main(String[] args) throws Exception {
            Result r = handshake(null, acceptorSubject(args[0], Path.of(args[1])), args[2]);
            System.out.println("RESULT " + r.initiatorSeenByAcceptor() + " "
                    + r.initiatorKey().getKeyType() + " "
                    + r.acceptorKey().getKeyType() + " "
                    + (java.util.Arrays.equals(
                                    r.initiatorKey().getEncoded(),
                                    r.acceptorKey().getEncoded())
                            ? "same-key"
                            : "different-keys"));
        }
    }

    record Result(
            String initiatorSeenByAcceptor,
            String acceptorSeenByInitiator,
            EncryptionKey initiatorKey,
            EncryptionKey acceptorKey) {}

    /** A manager using JNegotiate for Kerberos. */
    static GSSManager manager() throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        manager.addProviderAtFront(new JNegotiateProvider(), SunJgss.KRB5);
        return manager;
    }

    static Subject initiatorKeytabSubject(String principal, byte[] keytab) throws Exception {
        Path copy = Files.createTempFile("jnegotiate-initiator", ".keytab");
        copy.toFile().deleteOnExit();
        Files.write(copy, keytab);
        KerberosPrincipal p = new KerberosPrincipal(principal);
        Subject subject = new Subject();
        subject.getPrincipals().add(p);
        subject.getPrivateCredentials().add(KeyTab.getInstance(p, copy.toFile()));
        return subject;
    }

    static Subject acceptorSubject(String principal, Path keytab) {
        KerberosPrincipal p = new KerberosPrincipal(principal);
        Subject subject = new Subject();
        subject.getPrincipals().add(p);
        subject.getPrivateCredentials().add(KeyTab.getInstance(p, new File(keytab.toString())));
        return subject;
    }

    /**
     * A mutual Kerberos context from JNegotiate to JNegotiate, each side's GSS calls inside its Subject (none:
     * the default credentials), then one sealed message each way.
     */
    static Result handshake(Subject initiator, Subject acceptor, String target) throws Exception {
        GSSManager manager = manager();
        GSSContext init = as(initiator, () -> {
            GSSContext c = manager.createContext(
                    manager.createName(target, GSSName.NT_HOSTBASED_SERVICE),
                    SunJgss.KRB5,
                    null,
                    GSSContext.DEFAULT_LIFETIME);
            c.requestMutualAuth(true);
            return c;
        });
        GSSContext acc = as(acceptor, () -> manager.createContext((GSSCredential) null));
        try {
            byte[] token = new byte[0];
            while (!init.isEstablished()) {
                byte[] in = token;
                token = as(initiator, () -> init.initSecContext(in, 0, in.length));
                if (token != null && !acc.isEstablished()) {
                    byte[] out = token;
                    token = as(acceptor, () -> acc.acceptSecContext(out, 0, out.length));
                }
                if (token == null) {
                    token = new byte[0];
                }
            }
            assertTrue(acc.isEstablished());
            assertTrue(init.getMutualAuthState());
            byte[] hello = "hello through MIT's KDC".getBytes(StandardCharsets.UTF_8);
            byte[] sealed = init.wrap(hello, 0, hello.length, new MessageProp(0, true));
            assertFalse(java.util.Arrays.equals(hello, sealed));
            assertArrayEquals(hello, acc.unwrap(sealed, 0, sealed.length, new MessageProp(0, true)));
            byte[] back = acc.wrap(hello, 0, hello.length, new MessageProp(0, true));
            assertArrayEquals(hello, init.unwrap(back, 0, back.length, new MessageProp(0, true)));
            return new Result(
                    acc.getSrcName().toString(),
                    init.getTargName().toString(),
                    (EncryptionKey) ((ExtendedGSSContext) init).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX),
                    (EncryptionKey) ((ExtendedGSSContext) acc).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX));
        } finally {
            init.dispose();
            acc.dispose();
        }
    }

    /** The first initiator step only (for failures before any token exists). */
    static byte[] initiatorStep(Subject initiator, String target) throws Exception {
        GSSManager manager = manager();
        return as(initiator, () -> {
            GSSContext c = manager.createContext(
                    manager.createName(target, GSSName.NT_HOSTBASED_SERVICE),
                    SunJgss.KRB5,
                    null,
                    GSSContext.DEFAULT_LIFETIME);
            try {
                return c.initSecContext(new byte[0], 0, 0);
            } finally {
                c.dispose();
            }
        });
    }

    static <T> T as(Subject subject, java.security.PrivilegedExceptionAction<T> action) throws Exception {
        return subject == null ? action.run() : SunJgss.as(subject, action);
    }

    /** The engine failure behind a GSSException of JNegotiate's GSS door. */
    static Failure failureOf(GSSException e) {
        Throwable c = e.getCause();
        while (c != null && !(c instanceof NegotiateException)) {
            c = c.getCause();
        }
        if (c == null) {
            throw new AssertionError("no NegotiateException behind " + e, e);
        }
        return ((NegotiateException) c).failure();
    }

    /** Runs a process with extra environment entries; fails unless it exits 0 in time. */
    static String run(List<String> command, List<String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().remove("KRB5CCNAME");
        for (String kv : env) {
            int eq = kv.indexOf('=');
            b.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Process p = b.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command.get(0) + " " + command.get(command.size() - 1) + " failed:\n" + text);
        return text;
    }
}
