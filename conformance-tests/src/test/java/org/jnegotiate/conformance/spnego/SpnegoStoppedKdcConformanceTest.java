package org.jnegotiate.conformance.spnego;

import static org.jnegotiate.conformance.spnego.SpnegoTokens.NTLM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.JvmNtlmUsers;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.spnego.NegotiateInitiator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A JNegotiate initiator that holds a TGT and an NTLM password, whose KDC has been stopped: it cannot
 * get a service ticket, drops Kerberos before sending anything and completes with NTLM, against a
 * JNegotiate acceptor and an MIT SPNEGO acceptor that both offer Kerberos (keytab) and NTLM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpnegoStoppedKdcConformanceTest {
    private static final String SERVICE = "HTTP/acceptor.jnegotiate.test";
    private static final String TARGET = "HTTP@acceptor.jnegotiate.test";
    private static final String ALICE_NTLM_PASSWORD = "alice-ntlm-Passw0rd";

    private Path dir;
    private Path krb5Conf;
    private Path serviceKeytab;
    private Subject alice;
    private Subject service;
    private String alicePrincipal;
    private Path ntlmUsers;

    @BeforeAll
    void loginThenStopKdc() throws IOException {
        dir = Files.createTempDirectory("spnego-stopped-kdc-");
        try (MitKdc kdc = MitKdc.builder()
                .realm(SpnegoFallbackConformanceTest.REALM)
                .tcpOnly(true)
                .start()) {
            kdc.addPrincipal("alice", "alice-Passw0rd");
            kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
            Path userKeytab = kdc.directory().resolve("user.keytab");
            kdc.exportKeytab(userKeytab, "alice");
            serviceKeytab = dir.resolve("service.keytab");
            kdc.exportKeytab(serviceKeytab, SERVICE);
            krb5Conf = Files.copy(kdc.krb5Conf(), dir.resolve("krb5.conf"));
            alicePrincipal = kdc.principal("alice");
            alice = SunJgss.login(kdc, alicePrincipal, userKeytab, true);
            service = SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
        }
        // the KDC is gone; its krb5.conf (and so JNegotiate's) still names its port
    }

    @BeforeEach
    void useStoppedRealm() {
        JvmKrb5Conf.install(krb5Conf);
        ntlmUsers = JvmNtlmUsers.write(SpnegoFallbackConformanceTest.REALM + ":alice:" + ALICE_NTLM_PASSWORD);
    }

    @AfterAll
    void deleteFiles() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void kdcStopped_jnegotiateAcceptorOfferingBoth_completesWithNtlm() throws Exception {
        EngineParty initiator = JNegotiate.engineInitiator(alice, TARGET, alicePrincipal, ALICE_NTLM_PASSWORD);
        GssParty acceptor = JNegotiate.acceptor(service);

        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

        assertFellBackBeforeSending(initiator, transcript);
        assertEquals(NTLM, acceptor.mech());
        Messages.flowBothWays(initiator, acceptor, false);
    }

    @Test
    void kdcStopped_mitAcceptorWithKeytabAndNtlmUsers_completesWithNtlm() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KRB5_CONFIG", krb5Conf.toString());
        env.put("KRB5CCNAME", "FILE:" + dir.resolve("acceptor-ccache"));
        env.put("KRB5_KTNAME", "FILE:" + serviceKeytab);
        env.put("NTLM_USER_FILE", ntlmUsers.toString());
        try (GssPeer peer = GssPeer.builder(GssPeer.Role.ACCEPTOR, GssPeer.Mech.SPNEGO)
                .env(env)
                .start()) {
            EngineParty initiator = JNegotiate.engineInitiator(alice, TARGET, alicePrincipal, ALICE_NTLM_PASSWORD);
            PeerParty acceptor = new PeerParty("MIT SPNEGO acceptor (keytab and NTLM users)", peer);

            Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

            assertFellBackBeforeSending(initiator, transcript);
            assertEquals(NTLM, acceptor.mech());
            Messages.flowBothWays(initiator, acceptor, false);
        }
    }

    private static void assertFellBackBeforeSending(EngineParty initiator, Exchange.Transcript transcript)
            throws Exception {
        SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
        assertEquals(List.of(NTLM), init.mechTypes(), "Kerberos dropped before the first token");
        assertTrue(init.mechToken().isPresent(), "NTLM NEGOTIATE as the optimistic token");
        SpnegoMitConformanceTest.assertNtlmWithMechListMics(transcript);
        NegotiateInitiator negotiate = (NegotiateInitiator) initiator.context();
        assertEquals(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                negotiate.fallbackReason().orElseThrow().failure(),
                "why Kerberos was dropped");
        assertEquals(NTLM, initiator.mech());
        assertFalse(negotiate.fallbackReason().get().getMessage().isEmpty());
    }
}
