package org.jnegotiate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * The benchmarks' Kerberos world: Apache Kerby's embedded KDC on 127.0.0.1 (TCP, a free port) in a temporary
 * directory, a client and an {@code HTTP/localhost} service principal with keytabs, a krb5.conf naming that KDC
 * (set as {@code java.security.krb5.conf} before anything reads Kerberos configuration), and the two JAAS
 * Subjects: the client logged in with the JDK's {@code Krb5LoginModule} so it holds a TGT, the service holding a
 * {@link KeyTab} and its {@link KerberosPrincipal}. Both providers take their credentials from these Subjects.
 *
 * <p>Benchmark code, not a test fixture: it has no dependency on the test modules.
 */
public final class KdcFixture implements AutoCloseable {
    public static final String REALM = "BENCH.JNEGOTIATE.TEST";
    public static final String CLIENT = "bench-client@" + REALM;
    public static final String SERVICE = "HTTP/localhost@" + REALM;
    /** The target as GSS-API host-based service name ({@code GSSName.NT_HOSTBASED_SERVICE}). */
    public static final String TARGET = "HTTP@localhost";
    /** Kerby 2.1.1 has no RFC 8009 enctypes; aes256-sha1 is the strongest session-key enctype it issues. */
    public static final String ENCTYPE = "aes256-cts-hmac-sha1-96";

    private final Path dir;
    private final SimpleKdcServer kdc;
    private final int port;
    private final Path krb5Conf;
    private final Path clientKeytab;
    private final Path serviceKeytab;
    private volatile boolean kdcRunning;

    private KdcFixture(Path dir) throws IOException, KrbException {
        this.dir = dir;
        this.port = freeTcpPort();
        this.kdc = new SimpleKdcServer();
        kdc.setWorkDir(dir.toFile());
        kdc.setKdcHost("127.0.0.1");
        kdc.setKdcRealm(REALM);
        kdc.setAllowTcp(true);
        kdc.setAllowUdp(false);
        kdc.setKdcTcpPort(port);
        kdc.getKdcConfig().setString(KdcConfigKey.ENCRYPTION_TYPES, ENCTYPE);
        kdc.init();
        kdc.start();
        kdcRunning = true;
        this.clientKeytab = principal(CLIENT, "bench-client-secret-1", "client.keytab");
        this.serviceKeytab = principal(SERVICE, "bench-service-secret-1", "service.keytab");
        // Kerby writes its own krb5.conf into the work dir: the clients' file has another name.
        this.krb5Conf = dir.resolve("bench-krb5.conf");
        Files.writeString(krb5Conf, krb5Conf(port));
    }

    /**
     * Starts the KDC, creates both principals and their keytabs, writes krb5.conf and points
     * {@code java.security.krb5.conf} at it. Call before creating any provider or Kerberos object.
     */
    public static KdcFixture start() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jnegotiate-bench-kdc-");
            KdcFixture fixture = new KdcFixture(dir);
            System.setProperty("java.security.krb5.conf", fixture.krb5Conf.toString());
            return fixture;
        } catch (IOException | KrbException | RuntimeException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            throw new IllegalStateException("the benchmark KDC did not start", e);
        }
    }

    /**
     * The clock skew both providers read from krb5.conf, in seconds: {@code -Dbench.clockskew=N} (a fork JVM flag,
     * {@code -jvmArgsPrepend -Dbench.clockskew=30}), by default none, i.e. 300 s. It sets how long each acceptor's
     * replay cache keeps an authenticator, and JNegotiate's cache refuses logons once it holds a million (about
     * 55 s of two-thread handshakes here): long handshake runs need a shorter skew or short forks.
     */
    public static final String CLOCK_SKEW_PROPERTY = "bench.clockskew";

    /** Both stacks: TCP only (udp_preference_limit = 1), one enctype, no DNS, the clock skew above. */
    private static String krb5Conf(int port) {
        String skew = System.getProperty(CLOCK_SKEW_PROPERTY);
        return "[libdefaults]\n"
                + (skew == null ? "" : "  clockskew = " + Integer.parseInt(skew.trim()) + "\n")
                + "  default_realm = " + REALM + "\n"
                + "  dns_lookup_kdc = false\n"
                + "  dns_lookup_realm = false\n"
                + "  dns_canonicalize_hostname = false\n"
                + "  rdns = false\n"
                + "  udp_preference_limit = 1\n"
                + "  kdc_timeout = 3000\n"
                + "  max_retries = 1\n"
                + "  ticket_lifetime = 10h\n"
                + "  default_tkt_enctypes = " + ENCTYPE + "\n"
                + "  default_tgs_enctypes = " + ENCTYPE + "\n"
                + "  permitted_enctypes = " + ENCTYPE + "\n"
                + "\n[realms]\n"
                + "  " + REALM + " = {\n"
                + "    kdc = 127.0.0.1:" + port + "\n"
                + "  }\n"
                + "\n[domain_realm]\n"
                + "  localhost = " + REALM + "\n"
                + "  .localhost = " + REALM + "\n";
    }

    private Path principal(String name, String password, String file) throws KrbException {
        kdc.createPrincipal(name, password);
        Path keytab = dir.resolve(file);
        kdc.exportPrincipal(name, keytab.toFile());
        return keytab;
    }

    /**
     * A fresh client Subject logged in from the client keytab by the JDK's {@code Krb5LoginModule} (an AS
     * exchange with the KDC): it holds the client's {@link KerberosPrincipal} and a TGT {@link KerberosTicket}.
     */
    public Subject clientSubject() {
        Map<String, String> options = Map.of(
                "useKeyTab", "true",
                "keyTab", clientKeytab.toString(),
                "principal", CLIENT,
                "storeKey", "true",
                "doNotPrompt", "true",
                "useTicketCache", "false",
                "isInitiator", "true",
                "refreshKrb5Config", "true");
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                            options)
                };
            }
        };
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext("jnegotiate-bench-client", subject, null, jaas);
            login.login();
        } catch (LoginException e) {
            throw new IllegalStateException("Krb5LoginModule could not log " + CLIENT + " in from " + clientKeytab, e);
        }
        boolean hasTgt = subject.getPrivateCredentials(KerberosTicket.class).stream()
                .anyMatch(t -> t.getServer().getName().startsWith("krbtgt/"));
        if (!hasTgt) {
            throw new IllegalStateException("the client Subject holds no TGT after login: " + subject.getPrincipals());
        }
        return subject;
    }

    /** A fresh acceptor Subject: the service's {@link KerberosPrincipal} and a {@link KeyTab} bound to it. */
    public Subject serverSubject() {
        KerberosPrincipal service = new KerberosPrincipal(SERVICE);
        Subject subject = new Subject();
        subject.getPrincipals().add(service);
        subject.getPrivateCredentials().add(KeyTab.getInstance(service, serviceKeytab.toFile()));
        return subject;
    }

    /**
     * A fresh acceptor Subject as {@code Krb5LoginModule principal="*" isInitiator=false} makes it: an unbound
     * {@link KeyTab} and no principal, so the acceptor looks the ticket's server up in the keytab.
     */
    public Subject unboundServerSubject() {
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(KeyTab.getUnboundInstance(serviceKeytab.toFile()));
        return subject;
    }

    /**
     * Stops the KDC, keeping keytabs and krb5.conf: from then on a handshake passes only if the service
     * ticket is cached, which is how the benchmarks prove they measure the steady state.
     */
    public void stopKdc() {
        if (kdcRunning) {
            kdcRunning = false;
            try {
                kdc.stop();
            } catch (KrbException e) {
                throw new IllegalStateException("the benchmark KDC did not stop", e);
            }
        }
    }

    public Path krb5Conf() {
        return krb5Conf;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            stopKdc();
        } finally {
            deleteTree(dir);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}
