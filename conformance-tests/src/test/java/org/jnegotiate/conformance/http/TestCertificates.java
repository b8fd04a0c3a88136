package org.jnegotiate.conformance.http;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.ExternalCommand;

/**
 * Two self-signed server certificates made by the JDK's {@code keytool} (RSA, SHA256withRSA, for 127.0.0.1 and
 * {@code www.jnegotiate.test}): {@link #server()} and {@link #other()}, and a client trust store holding both, so that
 * the clients verify the server normally (no insecure mode) and a server presenting the other certificate is still
 * trusted, as a TLS-inspecting relay with a trusted certificate is.
 */
final class TestCertificates {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore server;
    private final KeyStore other;
    private final KeyStore trust;

    private TestCertificates(KeyStore server, KeyStore other, KeyStore trust) {
        this.server = server;
        this.other = other;
        this.trust = trust;
    }

    static TestCertificates create(Path dir) throws Exception {
        KeyStore server = generate(dir, "server");
        KeyStore other = generate(dir, "other");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.getCertificate("server"));
        trust.setCertificateEntry("other", other.getCertificate("other"));
        return new TestCertificates(server, other, trust);
    }

    private static KeyStore generate(Path dir, String alias) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        CommandResult r = ExternalCommand.run(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "2", "-dname", "CN=www.jnegotiate.test",
                "-ext", "san=ip:127.0.0.1,dns:www.jnegotiate.test", "-storetype", "PKCS12", "-keystore",
                file.toString(), "-storepass", new String(PASSWORD)), Map.of(), Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(r.describe());
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    X509Certificate serverCertificate() throws Exception {
        return (X509Certificate) server.getCertificate("server");
    }

    X509Certificate otherCertificate() throws Exception {
        return (X509Certificate) other.getCertificate("other");
    }

    /** The TLS context of a server presenting {@link #serverCertificate()}. */
    SSLContext server() throws Exception {
        return serverContext(server);
    }

    /** The TLS context of a server presenting {@link #otherCertificate()}. */
    SSLContext other() throws Exception {
        return serverContext(other);
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    X509TrustManager trustManager() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** A client context trusting both certificates. */
    SSLContext client() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
        return ctx;
    }
}
