package org.jnegotiate.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.TlsServerEndPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code channelBindings=tls-server-end-point}: Tomcat 11 with a plain and a TLS connector, a server certificate
 * signed with ECDSA over SHA-384 (so the RFC 5929 hash is SHA-384, not the default SHA-256). Over TLS an NTLM client
 * must bind to the certificate it saw (MsvAvChannelBindings): the right bindings log on, wrong or missing ones are
 * 401; over plain HTTP nothing is required.
 */
class ChannelBindingsTomcatTest {
    @TempDir
    static Path dir;

    private static TomcatWithFilter server;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp384r1",
                "-sigalg",
                "SHA384withECDSA",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                certificate.toString());
        Path users = dir.resolve("users");
        java.nio.file.Files.writeString(users, "JNEGOTIATE:bob:B0b-secret\n");
        server = new TomcatWithFilter(
                Map.of(
                        "mechanisms",
                        "ntlm",
                        "ntlmUserFile",
                        users.toString(),
                        "ntlmServiceNames",
                        "HTTP/localhost",
                        "channelBindings",
                        "tls-server-end-point",
                        "serverCertificate",
                        certificate.toString()),
                keystore);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + argv + " failed: " + output);
        }
    }

    private static SSLSocket tls() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the test's self-signed server: what is under test is the binding to it, not its trust
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.tlsPort());
        socket.startHandshake();
        return socket;
    }

    private static int logOn(RawHttp http, ChannelBindings bindings) throws Exception {
        EngineClient client = EngineClient.ntlm(MechOid.NTLM, "JNEGOTIATE\\bob", "B0b-secret", bindings);
        RawHttp.Response challenge = http.get("/", "Authorization: Negotiate " + client.next(null));
        assertEquals(401, challenge.status());
        return http.get("/", "Authorization: Negotiate " + client.next(challenge.first("WWW-Authenticate")))
                .status();
    }

    @Test
    void theBindingsOfTheCertificateTheClientSawLogOn() throws Exception {
        int before = server.applicationCalls.get();
        SSLSocket socket = tls();
        X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        byte[] expected = concat(
                "tls-server-end-point:".getBytes(StandardCharsets.US_ASCII),
                MessageDigest.getInstance("SHA-384").digest(seen.getEncoded()));
        ChannelBindings bindings = TlsServerEndPoint.bindings(seen);
        assertArrayEquals(expected, bindings.applicationData(), "RFC 5929: the hash of an ECDSA-SHA384 signature");
        try (RawHttp http = new RawHttp(socket)) {
            assertEquals(200, logOn(http, bindings));
        }
        assertEquals(before + 1, server.applicationCalls.get(), "one logon reached the application");
    }

    @Test
    void wrongOrMissingBindingsOverTlsAre401() throws Exception {
        int before = server.applicationCalls.get();
        try (RawHttp http = new RawHttp(tls())) {
            assertEquals(
                    401,
                    logOn(
                            http,
                            ChannelBindings.ofApplicationData(
                                    "tls-server-end-point:another certificate".getBytes(StandardCharsets.US_ASCII))));
            assertEquals(401, logOn(http, null), "the client sent no bindings");
        }
        assertEquals(before, server.applicationCalls.get());
    }

    @Test
    void plainHttpRequiresNoBindings() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(200, logOn(http, null));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
