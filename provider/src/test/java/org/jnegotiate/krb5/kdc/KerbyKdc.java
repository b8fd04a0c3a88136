package org.jnegotiate.krb5.kdc;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.jnegotiate.krb5.config.Krb5Config;

/**
 * One Apache Kerby KDC per test JVM on loopback (UDP and TCP on the same free port), with a client
 * {@code alice} (password {@code alice-secret}), a service {@code HTTP/localhost} and their keytabs.
 */
public final class KerbyKdc {
    public static final String REALM = "TEST.JNEGOTIATE";
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-secret";
    public static final String BOB = "bob";
    public static final String SERVICE = "HTTP/localhost";

    private static KerbyKdc instance;

    public final SimpleKdcServer server;
    public final int port;
    public final Path dir;
    public final Path krb5Conf;
    public final Path aliceKeytab;
    public final Path serviceKeytab;

    private KerbyKdc() throws Exception {
        dir = Files.createTempDirectory("jnegotiate-kerby");
        port = freePort();
        server = new SimpleKdcServer();
        server.setWorkDir(dir.toFile());
        server.setKdcRealm(REALM);
        server.setKdcHost("127.0.0.1");
        server.setAllowUdp(true);
        server.setAllowTcp(true);
        server.setKdcTcpPort(port);
        server.setKdcUdpPort(port);
        server.init();
        server.start();
        server.createPrincipal(ALICE + "@" + REALM, ALICE_PASSWORD);
        server.createPrincipal(BOB + "@" + REALM, "bob-secret");
        server.createPrincipal(SERVICE + "@" + REALM, "service-secret");
        aliceKeytab = dir.resolve("bob.keytab");
        serviceKeytab = dir.resolve("service.keytab");
        server.exportPrincipal(BOB + "@" + REALM, aliceKeytab.toFile());
        server.exportPrincipal(SERVICE + "@" + REALM, serviceKeytab.toFile());
        krb5Conf = dir.resolve("krb5.conf");
        Files.writeString(krb5Conf, krb5ConfText(port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }));
    }

    public static synchronized KerbyKdc get() throws Exception {
        if (instance == null) {
            instance = new KerbyKdc();
        }
        return instance;
    }

    public static String krb5ConfText(int port) {
        return "[libdefaults]\n default_realm = " + REALM + "\n dns_lookup_kdc = false\n kdc_timeout = 2s\n"
                + " max_retries = 1\n forwardable = true\n"
                + "[realms]\n " + REALM + " = {\n  kdc = 127.0.0.1:" + port + "\n }\n"
                + "[domain_realm]\n localhost = " + REALM + "\n";
    }

    public Krb5Config config() throws Exception {
        return Krb5Config.load(krb5Conf);
    }

    public KdcClient client() throws Exception {
        return KdcClient.of(config(), new NetworkKdcTransport());
    }

    public File keytabOf(String principal) throws Exception {
        File f = dir.resolve(principal.replace('/', '_') + "-" + System.nanoTime() + ".keytab")
                .toFile();
        server.exportPrincipal(principal + "@" + REALM, f);
        return f;
    }

    /** A loopback port nothing listens on (TCP and UDP). */
    public static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            try (DatagramSocket d = new DatagramSocket(p)) {
                return d.getLocalPort(); // p, now also free for UDP
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port");
    }
}
