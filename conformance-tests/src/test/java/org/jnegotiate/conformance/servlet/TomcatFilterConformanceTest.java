package org.jnegotiate.conformance.servlet;

import java.util.Map;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;

/** {@link NegotiateServerChecks} on embedded Tomcat 11.0 with {@code NegotiateFilter}. */
class TomcatFilterConformanceTest extends NegotiateServerChecks {
    @Override
    NegotiateServer start(HttpTestRealm realm, Map<String, String> app, Map<String, String> kerberosOnly) {
        return new TomcatServer(realm.kdc().directory().resolve("tomcat"), app, kerberosOnly);
    }

    @Override
    String expectedThirdField() {
        return "Negotiate";
    }
}
