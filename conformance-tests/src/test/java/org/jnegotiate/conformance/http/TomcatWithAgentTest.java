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
 * Issue 11 item 4: an unmodified embedded Tomcat 11 with its own {@code SpnegoAuthenticator}, JNegotiate from
 * {@code -javaagent:jnegotiate.jar} alone. Tomcat opens a new GSSContext for every request and disposes it after:
 * Kerberos needs one leg; NTLM's last leg reaches a fresh context, which finishes the handshake the previous one
 * began (NTLM across stateless acceptors), and a raw NTLMSSP first token reaches JNegotiate through the agent's
 * patch of the JDK's framing check (issue 11 measured 401 for every NTLM client before). Raw NTLM still ends in 401:
 * Tomcat wants a final token that raw NTLM does not have.
 */
class TomcatWithAgentTest extends UnmodifiedServerTest {
    TomcatWithAgentTest() {
        super(TomcatSpnegoServer.class, TomcatSpnegoServer.LOGIN_CONFIG_NAME);
    }

    @Test
    void kerberos_curlNegotiate_tomcatSeesAlice() {
        Curl.Response response = server.kerberos();
        assertEquals(200, response.status(), response.describe() + server.log());
        assertEquals(Optional.of(server.realm().alice()), response.header("X-Remote-User"), response.describe());
        assertTrue(response.body().startsWith("user=" + server.realm().alice() + "\n"), response.describe());
    }

    @Test
    void ntlmInsideSpnego_curlGssNtlmssp_tomcatSeesBob() {
        int mark = server.logMark();
        Curl.Response response = server.ntlmInsideSpnego(HttpTestRealm.BOB_PASSWORD);
        String log = server.awaitLog(mark, "NTLM acceptor resumes the handshake");
        assertEquals(List.of(401, 200), response.statuses(), response.describe() + log);
        assertEquals(Optional.of(UnmodifiedServer.BOB), response.header("X-Remote-User"), response.describe());
        assertTrue(response.body().startsWith("user=" + UnmodifiedServer.BOB + "\n"), response.describe());
        assertTrue(log.contains("NTLM acceptor resumes the handshake"), log);
    }

    /**
     * The raw NTLMSSP NEGOTIATE reaches JNegotiate (the agent's patch), which answers with a CHALLENGE; the
     * AUTHENTICATE, on a fresh context, establishes bob. But raw NTLM has no final token, and Tomcat's
     * SpnegoAuthenticator takes a null token from acceptSecContext as a failure (SPNEGO always has one): 401. Tomcat
     * needs the filter (jnegotiate-servlet) for raw NTLM.
     */
    @Test
    void rawNtlm_ntlmAuth_jnegotiateAuthenticatesBob_butTomcatRefusesWithoutFinalToken() {
        int mark = server.logMark();
        List<Curl.Response> legs = server.rawNtlm(HttpTestRealm.BOB_PASSWORD);
        Curl.Response last = legs.get(legs.size() - 1);
        String log = server.awaitLog(
                mark,
                "NTLM acceptor established for " + UnmodifiedServer.BOB,
                "established with NTLM(1.3.6.1.4.1.311.2.2.10) directly");
        assertEquals(2, legs.size(), last.describe() + log);
        assertTrue(
                legs.get(0).header("WWW-Authenticate").orElse("").startsWith("Negotiate TlRMTVNTUAACAAAA"),
                legs.get(0).describe());
        assertTrue(log.contains("NTLM acceptor established for " + UnmodifiedServer.BOB), log);
        assertTrue(log.contains("established with NTLM(1.3.6.1.4.1.311.2.2.10) directly"), log);
        assertEquals(401, last.status(), last.describe());
        assertEquals(Optional.empty(), last.header("X-Remote-User"), last.describe());
        assertFalse(log.contains("Defective token"), log);
    }

    @Test
    void ntlmInsideSpnego_wrongPassword_401NoUser() {
        int mark = server.logMark();
        Curl.Response response = server.ntlmInsideSpnego("not-the-password");
        assertEquals(401, response.status(), response.describe());
        assertEquals(Optional.empty(), response.header("X-Remote-User"), response.describe());
        String log = server.awaitLog(mark, "wrong password for NTLM user " + UnmodifiedServer.BOB);
        assertTrue(log.contains("wrong password for NTLM user " + UnmodifiedServer.BOB), log);
    }

    @Test
    void rawNtlm_wrongPassword_401NoUser() {
        int mark = server.logMark();
        List<Curl.Response> legs = server.rawNtlm("not-the-password");
        Curl.Response last = legs.get(legs.size() - 1);
        assertEquals(2, legs.size(), last.describe());
        assertEquals(401, last.status(), last.describe());
        assertEquals(Optional.empty(), last.header("X-Remote-User"), last.describe());
        String log = server.awaitLog(mark, "wrong password for NTLM user " + UnmodifiedServer.BOB);
        assertTrue(log.contains("wrong password for NTLM user " + UnmodifiedServer.BOB), log);
    }
}
