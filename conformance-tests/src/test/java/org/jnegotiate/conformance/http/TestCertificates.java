package org.jnegotiate.conformance.http;

import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Two self-signed server certificates made once by the JDK's {@code keytool} (RSA 2048, SHA256withRSA, for 127.0.0.1
 * and {@code www.jnegotiate.test}, valid for a century; {@code server.p12} and {@code other.p12} beside this class,
 * password {@code changeit}): {@link #server()} and {@link #other()}, and a client trust store holding both, so that
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

    static TestCertificates load() throws Exception {
        KeyStore server = keyStore("server");
        KeyStore other = keyStore("other");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.getCertificate("server"));
        trust.setCertificateEntry("other", other.getCertificate("other"));
        return new TestCertificates(server, other, trust);
    }

    private static KeyStore keyStore(String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestCertificates.class.getResourceAsStream(alias + ".p12")) {
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
