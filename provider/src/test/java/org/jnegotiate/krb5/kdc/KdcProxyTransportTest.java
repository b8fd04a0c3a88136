package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS side of the KDC proxy transport against the JDK's own HTTPS server (a self-signed certificate for
 * IP 127.0.0.1 made by keytool, trusted through http_anchors as PEM): what is sent, and the bounds and refusals on what
 * comes back. The interoperability with a real proxy is in the conformance suite (python-kdcproxy, MIT kinit).
 */
class KdcProxyTransportTest {
    private static final byte[] KDC_REPLY = {0x7E, 0x03, 0x02, 0x01, 0x05};
    private static final int LIMIT = 2048;

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path certificate;
    private static final AtomicReference<byte[]> lastRequest = new AtomicReference<>();
    private static final AtomicReference<String> lastContentType = new AtomicReference<>();
    private static volatile boolean redirectTargetHit;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("proxy.p12");
        keytool(
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-alias",
                "proxy",
                "-dname",
                "CN=kdcproxy.test",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        // the certificate as PEM for http_anchors, written here rather than by a second keytool run (a JVM start)
        certificate = Files.writeString(
                dir.resolve("proxy.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                                .encodeToString(ks.getCertificate("proxy").getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/ok", x -> {
            lastContentType.set(x.getRequestHeaders().getFirst("Content-Type"));
            lastRequest.set(x.getRequestBody().readAllBytes());
            send(x, 200, KdcProxyMessage.encode(KDC_REPLY, "R.TEST"), false);
        });
        server.createContext("/big-announced", x -> send(x, 200, new byte[LIMIT + 1], false));
        server.createContext("/big-chunked", x -> send(x, 200, new byte[LIMIT + 1], true));
        server.createContext("/html", x -> send(x, 200, "<html>proxy</html>".getBytes(), false));
        server.createContext("/error", x -> send(x, 503, "no KDC".getBytes(), false));
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", url("/redirected").toString());
            send(x, 302, new byte[0], false);
        });
        server.createContext("/redirected", x -> {
            redirectTargetHit = true;
            send(x, 200, KdcProxyMessage.encode(KDC_REPLY, "R.TEST"), false);
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(out));
    }

    private static void send(HttpExchange x, int status, byte[] body, boolean chunked) throws IOException {
        x.getRequestBody().readAllBytes();
        x.getResponseHeaders().add("Content-Type", "application/kerberos");
        x.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static byte[] exchange(String path, List<String> anchors) throws IOException {
        return new KdcProxyTransport(LIMIT)
                .exchange(
                        new KdcAddress.Proxy(url(path), "R.TEST", anchors),
                        new byte[] {0x6A, 0x01, 0x00},
                        Duration.ofSeconds(10));
    }

    private static List<String> anchors() {
        return List.of("FILE:" + certificate);
    }

    @Test
    void exchange_postsTheProxyMessage_returnsTheUnframedReply() throws Exception {
        assertArrayEquals(KDC_REPLY, exchange("/ok", anchors()));
        assertEquals("application/kerberos", lastContentType.get());
        assertArrayEquals(KdcProxyMessage.encode(new byte[] {0x6A, 0x01, 0x00}, "R.TEST"), lastRequest.get());
    }

    @Test
    void exchange_anchorsFromADirectory_trusted() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(certificate, certs.resolve("proxy.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertArrayEquals(KDC_REPLY, exchange("/ok", List.of("DIR:" + certs)));
    }

    @Test
    void exchange_noAnchors_jvmTrustStoreRefusesTheSelfSignedProxy() {
        IOException e = assertThrows(IOException.class, () -> exchange("/ok", List.of()));
        assertTrue(e.toString().contains("PKIX path building failed"), e.toString());
    }

    @Test
    void exchange_announcedBodyOverTheLimit_refusedUnread() {
        IOException e = assertThrows(IOException.class, () -> exchange("/big-announced", anchors()));
        assertTrue(
                e.getMessage().contains("announces a 2049-byte reply, more than the 2048-byte limit"), e.getMessage());
    }

    @Test
    void exchange_chunkedBodyOverTheLimit_refusedAtTheLimit() {
        IOException e = assertThrows(IOException.class, () -> exchange("/big-chunked", anchors()));
        assertTrue(e.getMessage().contains("sent more than the 2048-byte limit"), e.getMessage());
    }

    @Test
    void exchange_notAProxyMessage_refused() {
        IOException e = assertThrows(IOException.class, () -> exchange("/html", anchors()));
        assertTrue(e.getMessage().contains("malformed KDC-PROXY-MESSAGE"), e.getMessage());
    }

    @Test
    void exchange_httpError_refusedWithTheStatus() {
        IOException e = assertThrows(IOException.class, () -> exchange("/error", anchors()));
        assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
    }

    @Test
    void exchange_redirect_notFollowed() {
        IOException e = assertThrows(IOException.class, () -> exchange("/redirect", anchors()));
        assertTrue(e.getMessage().contains("answered HTTP 302"), e.getMessage());
        assertFalse(redirectTargetHit);
    }

    @Test
    void exchange_anchorOfUnknownForm_refused() {
        IOException e = assertThrows(IOException.class, () -> exchange("/ok", List.of("ENV:CA_FILE")));
        assertTrue(e.getMessage().contains("'ENV:CA_FILE' is neither FILE:path nor DIR:path"), e.getMessage());
    }

    @Test
    void exchange_anchorFileWithoutCertificates_refused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        IOException e = assertThrows(IOException.class, () -> exchange("/ok", List.of("FILE:" + empty)));
        assertTrue(e.getMessage().contains("hold no certificate"), e.getMessage());
    }

    /** Through the KDC client: krb5.conf's https:// line and http_anchors reach the transport; failures name it. */
    @Test
    void kdcClient_httpsKdcLine_goesThroughTheProxy() throws Exception {
        Krb5Config conf = Krb5Config.parse("[libdefaults]\n kdc_timeout = 5s\n max_retries = 1\n[realms]\n R.TEST = {\n"
                + "  kdc = " + url("/ok") + "\n  http_anchors = FILE:" + certificate + "\n }\n");
        assertArrayEquals(
                KDC_REPLY, KdcClient.of(conf, new NetworkKdcTransport()).send("R.TEST", new byte[] {0x6A, 1, 0}));
        Krb5Config bad = Krb5Config.parse("[realms]\n R.TEST = {\n  kdc = " + url("/error") + "\n  http_anchors = FILE:"
                + certificate + "\n }\n");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KdcClient.of(bad, new NetworkKdcTransport()).send("R.TEST", new byte[] {0x6A, 1, 0}));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(e.getMessage().contains(url("/error") + " (https: java.io.IOException: KDC proxy "), e.getMessage());
    }

    @Test
    void kdcAddress_proxyUrls_parsedOrRefused() throws Exception {
        KdcAddress a = KdcAddress.proxy("https://kdc.example.test/KdcProxy", "R", List.of());
        assertEquals(new KdcAddress("kdc.example.test", 443, a.proxy()), a);
        assertEquals(
                8443, KdcAddress.proxy("https://[::1]:8443/p", "R", List.of()).port());
        assertEquals(
                "::1", KdcAddress.proxy("https://[::1]:8443/p", "R", List.of()).host());
        assertTrue(KdcAddress.isProxyUrl(" HTTPS://x/"));
        assertFalse(KdcAddress.isProxyUrl("kdc.example.test:88"));
        for (String bad :
                List.of("https:///nohost", "https://u:p@h/x", "https://h/x?q=1", "https://h/x#f", "https://h x/")) {
            NegotiateException e =
                    assertThrows(NegotiateException.class, () -> KdcAddress.proxy(bad, "R", List.of()), bad);
            assertEquals(Failure.INVALID_PARAMETER, e.failure());
        }
    }
}
