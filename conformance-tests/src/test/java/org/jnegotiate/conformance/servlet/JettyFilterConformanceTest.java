package org.jnegotiate.conformance.servlet;

import java.util.Map;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;

/** {@link NegotiateServerChecks} on embedded Jetty 12.1 (EE 10) with {@code NegotiateFilter}. */
class JettyFilterConformanceTest extends NegotiateServerChecks {
    @Override
    NegotiateServer start(HttpTestRealm realm, Map<String, String> app, Map<String, String> kerberosOnly) {
        return new JettyServer(app, kerberosOnly);
    }

    @Override
    String expectedThirdField() {
        return "Negotiate";
    }
}
