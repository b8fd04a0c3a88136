package org.jnegotiate.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jnegotiate.conformance.fixtures.Curl;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 4: an unmodified Jetty 12.1 with its own {@code SPNEGOAuthenticator} and {@code SPNEGOLoginService},
 * JNegotiate from {@code -javaagent:jnegotiate.jar} alone. Kerberos works. NTLM, raw or inside SPNEGO, now reaches
 * JNegotiate, which answers with its CHALLENGE; but Jetty asks the context for the initiator's name before asking
 * whether it is established ({@code SPNEGOLoginService.login} calls {@code getSrcName().toString()} first), and no
 * initiator name exists before NTLM's last leg: {@code getSrcName()} is null, as it is for the JDK's own Kerberos
 * acceptor, and Jetty fails with a NullPointerException (500). Jetty needs the filter for NTLM.
 */
class JettyWithAgentTest extends UnmodifiedServerTest {
    /** Jetty's error page names the call that failed. */
    private static final String JETTY_NPE =
            "the return value of &quot;org.ietf.jgss.GSSContext.getSrcName()&quot; is null";

    JettyWithAgentTest() {
        super(JettySpnegoServer.class, null);
    }

    /** Jetty strips the realm from the name it gives the application. */
    @Test
    void kerberos_curlNegotiate_jettySeesAlice() {
        Curl.Response response = server.kerberos();
        assertEquals(200, response.status(), response.describe() + server.log());
        assertEquals(Optional.of(HttpTestRealm.ALICE), response.header("X-Remote-User"), response.describe());
        assertTrue(response.body().startsWith("user=" + HttpTestRealm.ALICE + "\n"), response.describe());
    }

    @Test
    void ntlmInsideSpnego_reachesJNegotiate_butJettyFailsBeforeTheLastLeg() {
        int mark = server.logMark();
        Curl.Response response = server.ntlmInsideSpnego(HttpTestRealm.BOB_PASSWORD);
        String log = server.awaitLog(mark, "NTLM acceptor challenges with");
        assertTrue(log.contains("NTLM acceptor challenges with"), log);
        assertEquals(500, response.status(), response.describe() + log);
        assertTrue(response.body().contains(JETTY_NPE), response.describe());
        assertEquals(Optional.empty(), response.header("X-Remote-User"), response.describe());
    }

    @Test
    void rawNtlm_reachesJNegotiate_butJettyFailsBeforeTheLastLeg() {
        int mark = server.logMark();
        List<Curl.Response> legs = server.rawNtlm(HttpTestRealm.BOB_PASSWORD);
        String log = server.awaitLog(
                mark, "the initiator speaks NTLM(1.3.6.1.4.1.311.2.2.10) directly", "NTLM acceptor challenges with");
        assertTrue(log.contains("the initiator speaks NTLM(1.3.6.1.4.1.311.2.2.10) directly"), log);
        assertTrue(log.contains("NTLM acceptor challenges with"), log);
        assertFalse(log.contains("Defective token"), log);
        assertEquals(1, legs.size(), legs.get(0).describe());
        assertEquals(500, legs.get(0).status(), legs.get(0).describe() + log);
        assertTrue(legs.get(0).body().contains(JETTY_NPE), legs.get(0).describe());
    }
}
