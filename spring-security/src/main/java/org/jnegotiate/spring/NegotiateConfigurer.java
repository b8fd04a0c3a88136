package org.jnegotiate.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jnegotiate.servlet.NegotiateAuthenticator;
import org.jnegotiate.servlet.NegotiatePrincipal;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The whole integration in one {@code HttpSecurity} call (Spring Security 6.2+ and 7):
 * {@code http.with(NegotiateConfigurer.negotiate(authenticator), c -> c.authorities(...))} puts a
 * {@link NegotiateAuthenticationFilter} with its own {@link NegotiateAuthenticationProvider} before
 * {@link BasicAuthenticationFilter} and makes {@link NegotiateAuthenticationEntryPoint} the default entry point.
 */
public final class NegotiateConfigurer extends AbstractHttpConfigurer<NegotiateConfigurer, HttpSecurity> {
    private final NegotiateAuthenticator authenticator;
    private final NegotiateAuthenticationEntryPoint entryPoint;
    private Function<NegotiatePrincipal, Collection<? extends GrantedAuthority>> authorities = p -> List.of();

    private NegotiateConfigurer(NegotiateAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.entryPoint = new NegotiateAuthenticationEntryPoint(
                List.copyOf(authenticator.settings().schemes()));
    }

    public static NegotiateConfigurer negotiate(NegotiateAuthenticator authenticator) {
        return new NegotiateConfigurer(authenticator);
    }

    /** The authorities of an authenticated user (none by default). */
    public NegotiateConfigurer authorities(
            Function<NegotiatePrincipal, Collection<? extends GrantedAuthority>> mapping) {
        this.authorities = Objects.requireNonNull(mapping, "mapping");
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAuthenticationEntryPointFor(entryPoint, AnyRequestMatcher.INSTANCE);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        NegotiateAuthenticationFilter filter = new NegotiateAuthenticationFilter(
                new ProviderManager(new NegotiateAuthenticationProvider(authenticator, authorities)), entryPoint);
        http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
    }
}
