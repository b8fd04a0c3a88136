package org.jnegotiate.cli;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * Apache Kerby's KDC on 127.0.0.1 in a temporary directory: a realm, principals, keytabs and a
 * krb5.conf pointing at it. {@link #close()} stops it and deletes everything it wrote.
 */
final class EmbeddedKdc implements AutoCloseable {
    private final SimpleKdcServer kdc;
    private final Path dir;
    private final String realm;
    private final int port;
    private final Path krb5Conf;

    private EmbeddedKdc(SimpleKdcServer kdc, Path dir, String realm, int port, Path krb5Conf) {
        this.kdc = kdc;
        this.dir = dir;
        this.realm = realm;
        this.port = port;
        this.krb5Conf = krb5Conf;
    }

    static EmbeddedKdc start(String realm) throws IOException, KrbException {
        Path dir = Files.createTempDirectory("jnegotiate-kdc-");
        try {
            int port = freePort();
            SimpleKdcServer kdc = new SimpleKdcServer();
            kdc.setWorkDir(dir.toFile());
            kdc.setKdcHost("127.0.0.1");
            kdc.setKdcRealm(realm);
            kdc.setAllowTcp(true);
            kdc.setAllowUdp(true);
            kdc.setKdcTcpPort(port);
            kdc.setKdcUdpPort(port);
            kdc.init();
            kdc.start();
            Path conf = dir.resolve("jnegotiate-krb5.conf");
            Files.writeString(
                    conf,
                    "[libdefaults]\n"
                            + "    default_realm = " + realm + "\n"
                            + "    dns_lookup_kdc = false\n"
                            + "    udp_preference_limit = 1\n"
                            + "    kdc_timeout = 3s\n"
                            + "    forwardable = true\n"
                            + "[realms]\n"
                            + "    " + realm + " = {\n"
                            + "        kdc = 127.0.0.1:" + port + "\n"
                            + "    }\n"
                            + "[domain_realm]\n"
                            + "    localhost = " + realm + "\n");
            return new EmbeddedKdc(kdc, dir, realm, port, conf);
        } catch (IOException | KrbException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** Creates {@code name@REALM} with a password and exports its keys to a keytab in the work dir. */
    Path principal(String name, String password) throws KrbException {
        String principal = name + "@" + realm;
        kdc.createPrincipal(principal, password);
        File keytab = dir.resolve(name.replace('/', '_') + ".keytab").toFile();
        kdc.exportPrincipal(principal, keytab);
        return keytab.toPath();
    }

    /** Writes a file into the KDC's directory (removed on close), readable by its owner only. */
    Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        p.toFile().setReadable(false, false);
        p.toFile().setReadable(true, true);
        return p;
    }

    String realm() {
        return realm;
    }

    int port() {
        return port;
    }

    Path krb5Conf() {
        return krb5Conf;
    }

    void stop() throws KrbException {
        kdc.stop();
    }

    @Override
    public void close() {
        try {
            kdc.stop();
        } catch (KrbException | RuntimeException e) {
            // already stopped
        }
        deleteTree(dir);
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                try (DatagramSocket d = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    return d.getLocalPort(); // p, now also free for UDP
                } catch (IOException udpTaken) {
                    // try another
                }
            }
        }
        throw new IOException("no free TCP+UDP port on 127.0.0.1");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
