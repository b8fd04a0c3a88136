package org.jnegotiate.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.servlet.NegotiateAuthenticator;
import org.jnegotiate.servlet.NegotiateSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.SpringSecurityCoreVersion;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The integration in a Spring Boot 3.5 application: Spring Security 6.5 on Tomcat 10.1 (Servlet 6.0), with JNegotiate's
 * own NTLM initiator as the client (raw and inside SPNEGO) over one kept-alive connection. The conformance suite runs
 * the same integration on Spring Security 7 against curl, gss-ntlmssp, Samba and Kerberos.
 */
class SpringSecurity6Test {
    @TempDir
    static Path dir;

    static final AtomicInteger CALLS = new AtomicInteger();
    private static ConfigurableApplicationContext context;
    private static URI uri;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "JNEGOTIATE:bob:B0b-secret\n");
        context = new SpringApplicationBuilder(Application.class)
                .bannerMode(Banner.Mode.OFF)
                .properties(
                        "server.port=0", "server.address=127.0.0.1", "logging.level.root=WARN", "test.users=" + users)
                .run();
        uri = URI.create(
                "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port") + "/whoami");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void runsOnSpringSecurity6() {
        assertTrue(SpringSecurityCoreVersion.getVersion().startsWith("6."), SpringSecurityCoreVersion.getVersion());
    }

    @Test
    void noCredentialsIsTheEntryPointsChallenge() throws Exception {
        HttpResponse<String> r = get(null);
        assertEquals(401, r.statusCode());
        assertEquals(List.of("Negotiate"), r.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void rawNtlmLogsBobOnWithTheMechanismAndTheProvidersAuthority() throws Exception {
        int calls = CALLS.get();
        MechContext client = bob(MechOid.NTLM, "B0b-secret");
        HttpResponse<String> challenge = get(client.step(null).token());
        assertEquals(401, challenge.statusCode());
        assertEquals(calls, CALLS.get(), "the 401 leg never reached the controller");
        HttpResponse<String> ok = get(client.step(token(challenge)).token());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("JNEGOTIATE\\bob|NTLM|ROLE_NEGOTIATED", ok.body());
        assertEquals(calls + 1, CALLS.get());
    }

    @Test
    void ntlmInSpnegoEndsWithTheServersMechListMic() throws Exception {
        MechContext client = bob(MechOid.SPNEGO, "B0b-secret");
        HttpResponse<String> challenge = get(client.step(null).token());
        assertEquals(401, challenge.statusCode());
        HttpResponse<String> ok = get(client.step(token(challenge)).token());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("JNEGOTIATE\\bob|NTLM|ROLE_NEGOTIATED", ok.body());
        client.step(token(ok));
        assertTrue(client.isEstablished(), "the final token on the 200 completed the client");
    }

    @Test
    void wrongPasswordAndMalformedHeadersNeverReachTheController() throws Exception {
        int calls = CALLS.get();
        MechContext client = bob(MechOid.NTLM, "wrong");
        HttpResponse<String> challenge = get(client.step(null).token());
        HttpResponse<String> refused = get(client.step(token(challenge)).token());
        assertEquals(401, refused.statusCode());
        assertEquals(List.of("Negotiate"), refused.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Negotiate %%%")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertEquals(calls, CALLS.get());
    }

    private static MechContext bob(MechOid mechanism, String password) throws NegotiateException {
        Engine engine = Engine.create(
                NegotiateConfig.builder().mechanisms(List.of(MechOid.NTLM)).build());
        MechCredential credential = engine.mechanism(mechanism)
                .acquire(CredentialRequest.of(PeerName.user("JNEGOTIATE\\bob"), MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray()));
        return engine.mechanism(mechanism)
                .initiator(
                        mechanism,
                        credential,
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@localhost"))
                                .build());
    }

    private HttpResponse<String> get(byte[] token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] token(HttpResponse<String> response) {
        String value = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        return Base64.getDecoder().decode(value.substring("Negotiate ".length()));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoAmI.class)
    static class Application {
        @Bean(destroyMethod = "close")
        NegotiateAuthenticator negotiateAuthenticator(org.springframework.core.env.Environment env)
                throws NegotiateException {
            return new NegotiateAuthenticator(NegotiateSettings.builder()
                    .mechanisms(List.of(MechOid.NTLM))
                    .ntlmUserFile(Path.of(env.getRequiredProperty("test.users")))
                    .ntlmServiceNames(List.of("HTTP/localhost"))
                    .build());
        }

        @Bean
        SecurityFilterChain negotiate(HttpSecurity http, NegotiateAuthenticator authenticator) throws Exception {
            http.with(
                            NegotiateConfigurer.negotiate(authenticator),
                            c -> c.authorities(p -> List.of(new SimpleGrantedAuthority("ROLE_NEGOTIATED"))))
                    .authorizeHttpRequests(r -> r.anyRequest().authenticated())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(c -> c.disable());
            return http.build();
        }
    }

    @RestController
    static class WhoAmI {
        @GetMapping("/whoami")
        String whoami(Authentication authentication, HttpServletResponse response) {
            CALLS.incrementAndGet();
            NegotiateAuthenticationToken token = (NegotiateAuthenticationToken) authentication;
            return token.getName() + "|" + token.mechanism().orElseThrow() + "|"
                    + token.getAuthorities().iterator().next().getAuthority();
        }
    }
}
