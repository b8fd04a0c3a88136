package org.jnegotiate.conformance.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.WinbindNtlmUserDatabase;
import org.jnegotiate.sspi.ClientContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.SspiException;
import org.jnegotiate.sspi.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A JNegotiate NTLM acceptor that validates domain users through the DC's winbind
 * ({@link WinbindNtlmUserDatabase}: {@code ntlm_auth --helper-protocol=ntlm-server-1}), with no users file and no
 * password on this side: the user's NTLMv2 response is checked by the domain controller, whose user session key
 * gives the session keys, so the client's MIC verifies and sealed messages flow both ways. A wrong password and an
 * unknown user are refused by the domain, with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdNtlmValidationConformanceTest {
    static final String USER = "ntlmuser";
    static final String PASSWORD = "Ntlm-user-Passw0rd";
    static final String SERVICE = "HTTP/ntlm." + SambaAdDc.DNS_DOMAIN;
    static final Set<ContextFlag> SEALED = EnumSet.of(ContextFlag.CONFIDENTIALITY, ContextFlag.INTEGRITY);

    private AdRealm realm;
    private Engine serverEngine;
    private Engine clientEngine;

    @BeforeAll
    void setUp() {
        realm = new AdRealm();
        realm.dc.addUser(USER, PASSWORD);
        // the acceptor is HTTP/ntlm...: its challenges are bound to that name (an initiator of the same JVM refuses
        // challenges of any other acceptor of this process as reflected)
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(realm.dc.krb5Conf())
                .ntlmServiceNames(List.of(SERVICE))
                .build();
        WinbindNtlmUserDatabase domain = new WinbindNtlmUserDatabase(winbindHelper());
        serverEngine = Engine.of(
                config,
                Map.of(MechOid.NTLM, new NtlmMechanism(config, domain, null, new SecureRandom(), Clock.systemUTC())));
        clientEngine = Engine.create(config);
    }

    @Test
    void domainUser_validatedByTheDc_micAndSealedMessagesWork() throws Exception {
        ClientContext client = client(PASSWORD);
        ServerContext server = ServerContext.builder(serverEngine)
                .securityPackage(SecurityPackage.NTLM)
                .request(SEALED)
                .build();
        handshake(client, server);
        assertTrue(server.isEstablished());
        assertEquals(
                SambaAdDc.NETBIOS_DOMAIN + "\\" + USER,
                server.clientName().orElseThrow().name());
        byte[] message = "through the domain".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(message, server.unwrap(client.wrap(message, true)).message());
        assertArrayEquals(message, client.unwrap(server.wrap(message, true)).message());
        server.verifyMic(client.getMic(message), message);
    }

    @Test
    void wrongPassword_refusedByTheDomain_logonDenied() throws Exception {
        ClientContext client = client("not-the-Passw0rd");
        ServerContext server = ServerContext.builder(serverEngine)
                .securityPackage(SecurityPackage.NTLM)
                .request(SEALED)
                .build();
        SspiException e = assertThrows(SspiException.class, () -> handshake(client, server));
        assertEquals(SecStatus.SEC_E_LOGON_DENIED, e.status());
        assertTrue(
                e.getMessage()
                        .contains("the domain refused the NTLM logon of " + SambaAdDc.NETBIOS_DOMAIN + "\\" + USER),
                e.getMessage());
    }

    /**
     * The same domain validation configured as users configure it (jnegotiate.ntlm.winbindCommand, here through the
     * builder) in an engine of every mechanism: NTLM inside Negotiate (SPNEGO, with its mechListMIC) is checked by
     * the DC too.
     */
    @Test
    void negotiate_winbindFromTheConfiguration_domainUserValidatedInsideSpnego() throws Exception {
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(realm.dc.krb5Conf())
                .ntlmServiceNames(List.of(SERVICE))
                .ntlmWinbindCommand(winbindHelper())
                .build();
        Engine server = Engine.create(config);
        Engine ntlmOnlyClient = Engine.create(NegotiateConfig.builder()
                .krb5Conf(realm.dc.krb5Conf())
                .mechanisms(List.of(MechOid.NTLM))
                .build());
        ClientContext client = ClientContext.builder(ntlmOnlyClient)
                .securityPackage(SecurityPackage.NEGOTIATE)
                .request(SEALED)
                .target(SERVICE)
                .identity(new SecWinntAuthIdentity(USER, SambaAdDc.NETBIOS_DOMAIN, PASSWORD.toCharArray()))
                .build();
        ServerContext acceptor = ServerContext.builder(server)
                .securityPackage(SecurityPackage.NEGOTIATE)
                .request(SEALED)
                .build();
        byte[] token = new byte[0];
        for (int leg = 0; leg < 6 && !(client.isEstablished() && acceptor.isEstablished()); leg++) {
            byte[] in = token;
            token = leg % 2 == 0 ? client.step(in).token() : acceptor.step(in).token();
        }
        assertTrue(client.isEstablished() && acceptor.isEstablished());
        assertEquals(
                SambaAdDc.NETBIOS_DOMAIN + "\\" + USER,
                acceptor.clientName().orElseThrow().name());
        byte[] message = "negotiated through the domain".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(message, acceptor.unwrap(client.wrap(message, true)).message());
    }

    private List<String> winbindHelper() {
        return realm.dc.winbindCommand("ntlm_auth", realm.dc.configFileOption(), "--helper-protocol=ntlm-server-1");
    }

    private ClientContext client(String password) throws SspiException {
        return ClientContext.builder(clientEngine)
                .securityPackage(SecurityPackage.NTLM)
                .request(SEALED)
                .target(SERVICE)
                .identity(new SecWinntAuthIdentity(USER, SambaAdDc.NETBIOS_DOMAIN, password.toCharArray()))
                .build();
    }

    private static void handshake(ClientContext client, ServerContext server) throws SspiException {
        StepResult negotiate = client.step(new byte[0]);
        StepResult challenge = server.step(negotiate.token());
        StepResult authenticate = client.step(challenge.token());
        server.step(authenticate.token());
    }
}
