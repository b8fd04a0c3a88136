package org.jnegotiate.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.servlet.NegotiateAuthenticator;
import org.jnegotiate.servlet.NegotiateFilter;
import org.jnegotiate.servlet.NegotiateSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second through {@link NegotiateFilter} in embedded Tomcat 11 on 127.0.0.1, each request a full logon,
 * beside requests on the same server that need none:
 * <ul>
 * <li>{@code unauthenticated}: GET of a servlet outside the filter (the server's and client's own cost);</li>
 * <li>{@code challenge}: GET through the filter without credentials (the 401 every browser gets first);</li>
 * <li>{@code kerberos}: one request with a fresh SPNEGO/Kerberos AP-REQ (mutual) from JNegotiate's initiator, its
 *     service ticket cached after the first; the 200 carries the AP-REP;</li>
 * <li>{@code ntlmRaw}: raw NTLMSSP in {@code Negotiate}, two requests on one kept-alive connection (NEGOTIATE, then
 *     AUTHENTICATE).</li>
 * </ul>
 * The client (java.net.http over HTTP/1.1, one connection per thread) and its token making run in the same JVM and
 * on the same cores as the server, so each score is the whole round trip's, not the server's alone. Kerberos runs
 * against Kerby's in-process KDC ({@link KdcFixture}), which serves only the first ticket.
 *
 * <p>Run: {@code java -jar benchmarks/target/jnegotiate-benchmarks.jar ServletFilterBench -f 1 -wi 3 -w 3s -i 5 -r 3s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", JvmFlags.SPI_EXPORT, JvmFlags.JGSS_EXPORT})
public class ServletFilterBench {
    /** Kept: j.u.l holds loggers weakly, and Tomcat's INFO lines would mix into JMH's output. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    /** The server: Tomcat with the filter on /auth/*, the same servlet also on /open/* without it. */
    @State(Scope.Benchmark)
    public static class Server {
        KdcFixture kdc;
        Tomcat tomcat;
        NegotiateAuthenticator authenticator;
        Path base;
        int port;

        @Setup
        public void start() throws Exception {
            TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
            kdc = KdcFixture.start();
            NegotiateSettings settings = NegotiateSettings.builder()
                    .principal(KdcFixture.SERVICE)
                    .subject(kdc.serverSubject())
                    .ntlmUserFile(NtlmBench.usersFile())
                    .ntlmServiceNames(List.of("HTTP/localhost"))
                    .build();
            authenticator = new NegotiateAuthenticator(settings);
            base = Files.createTempDirectory("jnegotiate-bench-tomcat");
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", base.toString());
            Tomcat.addServlet(context, "whoami", new WhoAmI());
            context.addServletMapping("/*", "whoami");
            FilterDef def = new FilterDef();
            def.setFilterName("negotiate");
            def.setFilter(new NegotiateFilter(authenticator));
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("negotiate");
            map.addURLPattern("/auth/*");
            context.addFilterMap(map);
            tomcat.start();
            port = connector.getLocalPort();
        }

        @TearDown
        public void stop() throws Exception {
            tomcat.stop();
            tomcat.destroy();
            authenticator.close();
            kdc.close();
            try (var walk = Files.walk(base)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The application: the user name, or "-" outside the filter. */
    static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            String user = request.getRemoteUser();
            response.getWriter().print(user == null ? "-" : user);
        }
    }

    /** One client per thread: one HTTP/1.1 connection, and the initiators' engines and credentials. */
    @State(Scope.Thread)
    public static class Client {
        HttpClient http;
        URI open;
        URI auth;
        Engine kerberosEngine;
        MechCredential kerberosCredential;
        Engine ntlmEngine;
        MechCredential ntlmCredential;
        final ContextRequest kerberosRequest = ContextRequest.builder()
                .target(PeerName.hostbased(KdcFixture.TARGET))
                .flag(ContextFlag.MUTUAL, true)
                .build();
        final ContextRequest ntlmRequest = ContextRequest.builder()
                .target(PeerName.hostbased(KdcFixture.TARGET))
                .build();

        @Setup
        public void setup(Server server) throws Exception {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            open = URI.create("http://127.0.0.1:" + server.port + "/open/whoami");
            auth = URI.create("http://127.0.0.1:" + server.port + "/auth/whoami");
            kerberosEngine = Engine.create(NegotiateConfig.fromSystem().toBuilder()
                    .mechanisms(List.of(MechOid.KERBEROS))
                    .build());
            kerberosCredential = kerberosEngine
                    .mechanism(MechOid.SPNEGO)
                    .acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE)
                            .withSubject(server.kdc.clientSubject()));
            ntlmEngine = Engine.create(NegotiateConfig.fromSystem().toBuilder()
                    .mechanisms(List.of(MechOid.NTLM))
                    .build());
            ntlmCredential = ntlmEngine
                    .mechanism(MechOid.NTLM)
                    .acquire(CredentialRequest.of(PeerName.user("BENCH\\alice"), MechCredential.Usage.INITIATE)
                            .withPassword("Secret1".toCharArray()));
        }

        HttpResponse<String> get(URI uri, String authorization) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response + " "
                    + response.headers().map() + " " + response.body());
        }
        return response;
    }

    private static String negotiate(byte[] token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }

    private static byte[] serverToken(HttpResponse<String> response) {
        String header = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        return Base64.getDecoder().decode(header.substring(header.indexOf(' ') + 1));
    }

    @Benchmark
    public String unauthenticated(Client c) throws Exception {
        return expect(200, c.get(c.open, null)).body();
    }

    @Benchmark
    public String challenge(Client c) throws Exception {
        return expect(401, c.get(c.auth, null)).body();
    }

    @Benchmark
    public String kerberos(Client c) throws Exception {
        MechContext context = c.kerberosEngine
                .mechanism(MechOid.SPNEGO)
                .initiator(MechOid.SPNEGO, c.kerberosCredential, c.kerberosRequest);
        try {
            HttpResponse<String> ok =
                    expect(200, c.get(c.auth, negotiate(context.step(null).token())));
            context.step(serverToken(ok)); // the AP-REP: the client authenticates the server
            if (!context.isEstablished()) {
                throw new IllegalStateException("the server's final token did not complete the client's context");
            }
            return ok.body();
        } finally {
            context.dispose();
        }
    }

    @Benchmark
    public String ntlmRaw(Client c) throws Exception {
        MechContext context =
                c.ntlmEngine.mechanism(MechOid.NTLM).initiator(MechOid.NTLM, c.ntlmCredential, c.ntlmRequest);
        try {
            HttpResponse<String> challenge =
                    expect(401, c.get(c.auth, negotiate(context.step(null).token())));
            return expect(
                            200,
                            c.get(
                                    c.auth,
                                    negotiate(
                                            context.step(serverToken(challenge)).token())))
                    .body();
        } finally {
            context.dispose();
        }
    }
}
