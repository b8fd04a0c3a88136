package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inputs in {@code src/test/resources/findings} (see its README), each refused quickly as an invalid token by
 * the SPNEGO decoder, by a Negotiate acceptor of the SSPI door on its first leg and after a real first leg, and by
 * a Negotiate initiator as the server's answer (a malicious server reaches clients the same way).
 */
class FindingsRegressionTest {
    /** Far above the microseconds a refusal takes, far below the seconds the findings cost before. */
    private static final Duration QUICK = Duration.ofSeconds(2);

    static Sspi sspi;

    @BeforeAll
    static void setUp() throws IOException {
        if (sspi != null) {
            return;
        }
        Path users = Files.createTempFile("jnegotiate-findings-users", "");
        users.toFile().deleteOnExit();
        Files.writeString(users, "TEST:alice:alice-secret\n");
        NegotiateConfig config = NegotiateConfig.builder()
                .ntlmUserFile(users)
                .environment(Map.of())
                .mechanisms(List.of(MechOid.NTLM))
                .build();
        sspi = new Sspi(Engine.create(config));
    }

    static byte[] finding(String name) throws IOException {
        try (InputStream in = FindingsRegressionTest.class.getResourceAsStream("/findings/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The NegotiationToken inside a framed token (its OID may be mangled: the header is skipped by its length). */
    static byte[] inner(byte[] framed) {
        int p = 1 + ((framed[1] & 0x80) == 0 ? 1 : 1 + (framed[1] & 0x7F));
        p += 2 + framed[p + 1];
        return Arrays.copyOfRange(framed, p, framed.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spnego-asn1-heap-exhaustion-964b.bin"})
    void decode_finding_invalidTokenQuickly(String name) throws IOException {
        byte[] token = inner(finding(name));
        NegotiateException e = assertTimeoutPreemptively(
                QUICK, () -> assertThrows(NegotiateException.class, () -> NegotiationToken.decode(token)));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spnego-asn1-heap-exhaustion-964b.bin"})
    void negotiateAcceptor_findingAsFirstLeg_invalidTokenQuickly(String name) throws IOException {
        byte[] token = finding(name);
        for (byte[] t : List.of(token, inner(token))) {
            assertEquals(
                    SecStatus.SEC_E_INVALID_TOKEN, assertTimeoutPreemptively(QUICK, () -> accept(new CtxtHandle(), t)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spnego-asn1-heap-exhaustion-964b.bin"})
    void negotiateAcceptor_findingAsSecondLeg_invalidTokenQuickly(String name) throws IOException {
        byte[] token = finding(name);
        for (byte[] t : List.of(token, inner(token))) {
            CtxtHandle server = new CtxtHandle();
            assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, accept(server, firstLegOfRealClient()));
            assertEquals(SecStatus.SEC_E_INVALID_TOKEN, assertTimeoutPreemptively(QUICK, () -> accept(server, t)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spnego-asn1-heap-exhaustion-964b.bin"})
    void negotiateInitiator_findingAsTheServersReply_invalidTokenQuickly(String name) throws IOException {
        byte[] token = finding(name);
        for (byte[] t : List.of(token, inner(token))) {
            CredHandle cred = clientCredential();
            CtxtHandle client = new CtxtHandle();
            assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, initialize(cred, client, null));
            assertEquals(
                    SecStatus.SEC_E_INVALID_TOKEN, assertTimeoutPreemptively(QUICK, () -> initialize(cred, client, t)));
        }
    }

    private static CredHandle clientCredential() {
        CredHandle cred = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                sspi.acquireCredentialsHandle(
                        null,
                        "Negotiate",
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity("alice", "TEST", "alice-secret".toCharArray()),
                        null,
                        null,
                        cred,
                        null));
        return cred;
    }

    private static int initialize(CredHandle cred, CtxtHandle client, byte[] token) {
        return sspi.initializeSecurityContext(
                cred,
                client.isNull() ? null : client,
                "HTTP/localhost",
                0,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                token == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                0,
                client,
                Harness.out(),
                new IntByReference(),
                null);
    }

    static int accept(CtxtHandle server, byte[] token) {
        CredHandle cred = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                sspi.acquireCredentialsHandle(
                        null, "Negotiate", Sspi.SECPKG_CRED_INBOUND, null, null, null, null, cred, null));
        return sspi.acceptSecurityContext(
                cred,
                server.isNull() ? null : server,
                new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                0,
                Sspi.SECURITY_NATIVE_DREP,
                server,
                Harness.out(),
                new IntByReference(),
                null);
    }

    static byte[] firstLegOfRealClient() {
        SecBufferDesc out = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                sspi.initializeSecurityContext(
                        clientCredential(),
                        null,
                        "HTTP/localhost",
                        0,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        null,
                        0,
                        new CtxtHandle(),
                        out,
                        new IntByReference(),
                        null));
        return out.getBytes();
    }
}
