package org.jnegotiate.conformance.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.servlet.NegotiateAuthenticator;
import org.jnegotiate.servlet.NegotiateSettings;
import org.jnegotiate.spring.NegotiateAuthenticationToken;
import org.jnegotiate.spring.NegotiateConfigurer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 4 application (Spring Security 7, embedded Tomcat) secured by the Spring Security integration
 * ({@link NegotiateConfigurer}: the filter, its provider and the entry point) on {@code /app/**}, and again with
 * {@code mechanisms=!ntlm} on {@code /krb/**}, stateless sessions, every request authenticated. The controller
 * answers {@code name|mechanism|ROLE} from the {@link Authentication} Spring Security hands it.
 */
final class SpringBootServer implements NegotiateServer {
    static final AtomicInteger CALLS = new AtomicInteger();
    private final ConfigurableApplicationContext context;

    SpringBootServer(Map<String, String> app, Map<String, String> kerberosOnly) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off", "logging.level.root=WARN"));
        app.forEach((k, v) -> properties.add("jnegotiate.app." + k + "=" + v));
        kerberosOnly.forEach((k, v) -> properties.add("jnegotiate.krb." + k + "=" + v));
        context = new SpringApplicationBuilder(Application.class)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties.toArray(new String[0]))
                .run();
    }

    @Override
    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @Override
    public int applicationCalls() {
        return CALLS.get();
    }

    @Override
    public void close() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoAmIController.class)
    static class Application {

        @Bean(destroyMethod = "close")
        NegotiateAuthenticator appAuthenticator(Environment env) throws NegotiateException {
            return new NegotiateAuthenticator(
                    NegotiateSettings.fromParameters(n -> env.getProperty("jnegotiate.app." + n)));
        }

        @Bean(destroyMethod = "close")
        NegotiateAuthenticator krbAuthenticator(Environment env) throws NegotiateException {
            return new NegotiateAuthenticator(
                    NegotiateSettings.fromParameters(n -> env.getProperty("jnegotiate.krb." + n)));
        }

        @Bean
        SecurityFilterChain kerberosOnly(
                HttpSecurity http, @Qualifier("krbAuthenticator") NegotiateAuthenticator krbAuthenticator)
                throws Exception {
            return negotiate(http.securityMatcher("/krb/**"), krbAuthenticator);
        }

        @Bean
        SecurityFilterChain app(
                HttpSecurity http, @Qualifier("appAuthenticator") NegotiateAuthenticator appAuthenticator)
                throws Exception {
            return negotiate(http.securityMatcher("/app/**"), appAuthenticator);
        }

        private static SecurityFilterChain negotiate(HttpSecurity http, NegotiateAuthenticator authenticator)
                throws Exception {
            http.with(
                            NegotiateConfigurer.negotiate(authenticator),
                            c -> c.authorities(p -> List.of(new SimpleGrantedAuthority("ROLE_NEGOTIATED"))))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(c -> c.disable());
            return http.build();
        }
    }

    @RestController
    static class WhoAmIController {
        @GetMapping({"/app/whoami", "/krb/whoami"})
        String whoami(Authentication authentication, HttpServletResponse response) {
            CALLS.incrementAndGet();
            NegotiateAuthenticationToken token = (NegotiateAuthenticationToken) authentication;
            response.setHeader("X-Remote-User", token.getName());
            return token.getName() + "|" + token.mechanism().orElseThrow() + "|"
                    + token.getAuthorities().iterator().next().getAuthority();
        }
    }
}
