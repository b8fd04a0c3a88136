package org.jnegotiate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class NegotiateAuthTest {

    @Test
    void servicePrincipal_hostOfUrlLowerCased() {
        assertEquals(
                "HTTP@www.example.test",
                NegotiateAuth.defaults().servicePrincipal(URI.create("https://WWW.Example.TEST:8443/a?b")));
    }

    @Test
    void servicePrincipal_ipv6Literal_withoutBrackets() {
        assertEquals("HTTP@::1", NegotiateAuth.defaults().servicePrincipal(URI.create("http://[::1]:8080/")));
    }

    @Test
    void servicePrincipal_override_wins() {
        NegotiateAuth auth = NegotiateAuth.builder()
                .spn("HTTP/web.example.test@EXAMPLE.TEST")
                .build();
        assertEquals("HTTP/web.example.test@EXAMPLE.TEST", auth.servicePrincipal(URI.create("http://10.0.0.1/")));
    }

    @Test
    void servicePrincipal_canonicalName_fromResolver() throws Exception {
        String canonical = java.net.InetAddress.getByName("127.0.0.1").getCanonicalHostName();
        NegotiateAuth auth = NegotiateAuth.builder().canonicalHostName(true).build();
        assertEquals(
                "HTTP@" + canonical.toLowerCase(java.util.Locale.ROOT),
                auth.servicePrincipal(URI.create("http://127.0.0.1/")));
    }

    @Test
    void servicePrincipal_canonicalName_unresolvable_keepsUrlHost() {
        NegotiateAuth auth = NegotiateAuth.builder().canonicalHostName(true).build();
        assertEquals("HTTP@no-such-host.invalid", auth.servicePrincipal(URI.create("http://no-such-host.invalid/")));
    }
}
