package org.jnegotiate.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.jnegotiate.conformance.fixtures.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every unmodified server with the agent gets checked for, and its life around the tests of one class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UnmodifiedServerTest {
    private final Class<?> main;
    private final String jaasEntry;
    UnmodifiedServer server;

    /** {@code main} runs the server; {@code jaasEntry}, when not null, gets a JAAS entry for the service login. */
    UnmodifiedServerTest(Class<?> main, String jaasEntry) {
        this.main = main;
        this.jaasEntry = jaasEntry;
    }

    @BeforeAll
    void start() {
        server = UnmodifiedServer.start(main, jaasEntry);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void agent_putsJNegotiateFirst() {
        assertEquals("JNegotiate", server.firstProvider());
    }

    @Test
    void noAuthorization_401Negotiate() {
        Curl.Response response = server.anonymous();
        assertEquals(401, response.status(), response.describe());
        assertEquals(Optional.of("Negotiate"), response.header("WWW-Authenticate"), response.describe());
    }
}
