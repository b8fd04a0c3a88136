package org.jnegotiate.conformance.servlet;

import java.util.Map;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;

/**
 * {@link NegotiateServerChecks} on a Spring Boot 4 application (Spring Security 7, embedded Tomcat) with the Spring
 * Security integration; the application sees the user, the mechanism and the authority the provider granted.
 */
class SpringSecurityConformanceTest extends NegotiateServerChecks {
    @Override
    NegotiateServer start(HttpTestRealm realm, Map<String, String> app, Map<String, String> kerberosOnly) {
        return new SpringBootServer(app, kerberosOnly);
    }

    @Override
    String expectedThirdField() {
        return "ROLE_NEGOTIATED";
    }
}
