package org.jnegotiate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.SspiException;
import org.jnegotiate.sspi.StepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange's state machine over real tokens: a JNegotiate NTLM client against a JNegotiate acceptor in this JVM
 * (the HTTP legs written out as status and header values), and each way a server can break it, with the exact
 * outcome: refused, or the SEC_E_* failure.
 */
class NegotiateExchangeTest {
    static final URI URL = URI.create("http://www.example.test/x");
    static final String SERVICE = "HTTP/www.example.test";

    @TempDir
    Path dir;

    Engine client;
    Engine server;
    ServerContext acceptor;

    @BeforeEach
    void engines() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "EXAMPLE:bob:bob-Passw0rd\n");
        NegotiateConfig.Builder common = NegotiateConfig.builder()
                .mechanisms(List.of(MechOid.NTLM))
                .ntlmUserFile(users)
                .krb5Conf(dir.resolve("no-krb5.conf"))
                .environment(Map.of("KRB5CCNAME", "FILE:" + dir.resolve("no-ccache")));
        client = Engine.create(common.build());
        server = Engine.create(common.ntlmServiceNames(List.of(SERVICE)).build());
        acceptor = ServerContext.builder(server).build();
    }

    @AfterEach
    void close() {
        acceptor.close();
    }

    private NegotiateAuth.Builder auth() {
        return NegotiateAuth.builder().engine(client);
    }

    /** The acceptor's answer to an Authorization value: a WWW-Authenticate value, and whether it continues. */
    private StepResult accept(String authorization) throws SspiException {
        return acceptor.step(Base64.getDecoder().decode(authorization.substring("Negotiate ".length())));
    }

    private static List<String> challenge(StepResult r) {
        return List.of(NegotiateChallenge.authorization(r.token()));
    }

    @Test
    void ntlm_twoLegsAndFinalToken_authenticatedUnverified() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            assertTrue(e.continuesOn(401, List.of("Negotiate")));
            String first = e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            StepResult challenge = accept(first);
            assertTrue(e.continuesOn(401, challenge(challenge)));
            String second = e.onUnauthorized(challenge(challenge), null).orElseThrow();
            StepResult done = accept(second);
            assertFalse(done.continueNeeded());

            e.onFinalResponse(200, challenge(done));

            assertEquals(NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED, e.result());
            assertEquals("NTLM does not authenticate the server", e.reason());
            assertEquals(Optional.of(SecurityPackage.NTLM), e.negotiatedPackage());
            assertEquals(Optional.of("EXAMPLE\\bob"), e.clientName());
            assertEquals(
                    List.of(401, 401, 200),
                    e.legs().stream().map(NegotiateExchange.Leg::httpStatus).toList());
            assertTrue(e.isDone());
        }
    }

    @Test
    void noNegotiateChallenge_notOurs() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            assertFalse(e.continuesOn(401, List.of("Basic realm=\"r\"")));
            assertEquals(Optional.empty(), e.onUnauthorized(List.of("Basic realm=\"r\""), null));
            assertEquals(NegotiateExchange.Result.PENDING, e.result());
            e.onFinalResponse(200, List.of());
            assertEquals(NegotiateExchange.Result.PENDING, e.result(), "no token sent: nothing to verify");
        }
    }

    @Test
    void bare401AfterToken_refused() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            assertFalse(e.continuesOn(401, List.of("Negotiate")));
            assertEquals(Optional.empty(), e.onUnauthorized(List.of("Negotiate"), null));
            assertEquals(NegotiateExchange.Result.REFUSED, e.result());
            assertTrue(e.reason().startsWith("the server answered 401 (Negotiate without a token)"), e.reason());
        }
    }

    @Test
    void garbageServerToken_invalidToken() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            NegotiateHttpException x = assertThrows(
                    NegotiateHttpException.class, () -> e.onUnauthorized(List.of("Negotiate AAECAwQF"), null));
            assertEquals(Optional.of(Failure.INVALID_TOKEN), x.failure());
            assertEquals(NegotiateExchange.Result.FAILED, e.result());
        }
    }

    @Test
    void malformedFinalToken_invalidToken() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            NegotiateHttpException x =
                    assertThrows(NegotiateHttpException.class, () -> e.onFinalResponse(200, List.of("Negotiate ***")));
            assertEquals(Optional.of(Failure.INVALID_TOKEN), x.failure());
        }
    }

    @Test
    void serverDemandsEndlessLegs_invalidTokenAfterLimit() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            String first = e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            StepResult challenge = accept(first);
            // the same CHALLENGE again and again: the context fails before the leg limit is reached
            e.onUnauthorized(challenge(challenge), null).orElseThrow();
            NegotiateHttpException x =
                    assertThrows(NegotiateHttpException.class, () -> e.onUnauthorized(challenge(challenge), null));
            assertTrue(x.failure().isPresent(), x.getMessage());
            assertEquals(NegotiateExchange.Result.FAILED, e.result());
        }
    }

    @Test
    void ntlmWhileMutualRequired_mutualAuthFailedBeforeAnyToken() throws Exception {
        try (NegotiateExchange e = auth().requireMutualAuth(true).build().begin(URL)) {
            NegotiateHttpException x =
                    assertThrows(NegotiateHttpException.class, () -> e.onUnauthorized(List.of("Negotiate"), null));
            assertEquals(Optional.of(Failure.MUTUAL_AUTH_FAILED), x.failure());
            assertTrue(x.getMessage().contains("SEC_E_MUTUAL_AUTH_FAILED"), x.getMessage());
        }
    }

    @Test
    void finalResponseWithoutToken_mutualOptional_unverified() throws Exception {
        try (NegotiateExchange e = auth().build().begin(URL)) {
            e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            e.onFinalResponse(200, List.of());
            assertEquals(NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED, e.result());
            assertEquals("the server sent no final token", e.reason());
        }
    }

    @Test
    void channelBindingsOverHttpsWithoutCertificate_badBindings() throws Exception {
        try (NegotiateExchange e =
                auth().channelBindings(true).build().begin(URI.create("https://www.example.test/"))) {
            NegotiateHttpException x =
                    assertThrows(NegotiateHttpException.class, () -> e.onUnauthorized(List.of("Negotiate"), null));
            assertEquals(Optional.of(Failure.BAD_BINDINGS), x.failure());
        }
    }

    @Test
    void channelBindingsOverPlainHttp_noneSent() throws Exception {
        try (NegotiateExchange e = auth().channelBindings(true).build().begin(URL)) {
            e.onUnauthorized(List.of("Negotiate"), null).orElseThrow();
            assertFalse(e.bindingsSent());
        }
    }

    @Test
    void explicitIdentity_usedInsteadOfUsersFile() throws Exception {
        try (NegotiateExchange e = auth().identity("bob", "EXAMPLE", "bob-Passw0rd".toCharArray())
                .build()
                .begin(URL)) {
            StepResult challenge =
                    accept(e.onUnauthorized(List.of("Negotiate"), null).orElseThrow());
            StepResult done =
                    accept(e.onUnauthorized(challenge(challenge), null).orElseThrow());
            e.onFinalResponse(200, challenge(done));
            assertEquals(NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED, e.result());
        }
    }

    /** A client engine whose users file is empty: its only NTLM password can come from a Subject. */
    private Engine clientWithoutUsers() throws Exception {
        Path empty = dir.resolve("empty-users");
        Files.writeString(empty, "");
        return Engine.create(NegotiateConfig.builder()
                .mechanisms(List.of(MechOid.NTLM))
                .ntlmUserFile(empty)
                .krb5Conf(dir.resolve("no-krb5.conf"))
                .build());
    }

    @Test
    void subjectHoldingNtlmPassword_credentialsFromSubject() throws Exception {
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrivateCredentials()
                .add(new org.jnegotiate.ntlm.NtlmPasswordCredential("EXAMPLE", "bob", "bob-Passw0rd".toCharArray()));
        try (NegotiateExchange e = NegotiateAuth.builder()
                .engine(clientWithoutUsers())
                .subject(subject)
                .build()
                .begin(URL)) {
            StepResult challenge =
                    accept(e.onUnauthorized(List.of("Negotiate"), null).orElseThrow());
            StepResult done =
                    accept(e.onUnauthorized(challenge(challenge), null).orElseThrow());
            e.onFinalResponse(200, challenge(done));
            assertEquals(Optional.of("EXAMPLE\\bob"), e.clientName());
        }
    }

    @Test
    void noSubjectNoUsers_noCredentials() throws Exception {
        try (NegotiateExchange e =
                NegotiateAuth.builder().engine(clientWithoutUsers()).build().begin(URL)) {
            NegotiateHttpException x =
                    assertThrows(NegotiateHttpException.class, () -> e.onUnauthorized(List.of("Negotiate"), null));
            assertEquals(Optional.of(Failure.NO_CREDENTIALS), x.failure());
            assertEquals(NegotiateExchange.Result.FAILED, e.result());
        }
    }

    @Test
    void explicitIdentityWrongPassword_acceptorLogonDenied() throws Exception {
        try (NegotiateExchange e =
                auth().identity("bob", "EXAMPLE", "wrong".toCharArray()).build().begin(URL)) {
            StepResult challenge =
                    accept(e.onUnauthorized(List.of("Negotiate"), null).orElseThrow());
            String authenticate = e.onUnauthorized(challenge(challenge), null).orElseThrow();
            SspiException x = assertThrows(SspiException.class, () -> accept(authenticate));
            assertEquals(Failure.LOGON_DENIED, x.failure());
            assertEquals(Optional.empty(), e.onUnauthorized(List.of("Negotiate"), null));
            assertEquals(NegotiateExchange.Result.REFUSED, e.result());
        }
    }
}
