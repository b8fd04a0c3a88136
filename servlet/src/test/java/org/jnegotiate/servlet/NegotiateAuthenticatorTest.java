package org.jnegotiate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchanges in progress: bounded, expiring, keyed by connection, and never left behind by a finished leg. */
class NegotiateAuthenticatorTest {
    @TempDir
    Path dir;

    private NegotiateSettings settings;
    /** The pending store's clock, moved by the test. */
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "JNEGOTIATE:bob:B0b-secret\n");
        settings = NegotiateSettings.builder()
                .mechanisms(List.of(MechOid.NTLM))
                .ntlmUserFile(users)
                .ntlmServiceNames(List.of("HTTP/localhost"))
                .maxPendingContexts(3)
                .pendingTimeout(Duration.ofSeconds(30))
                .build();
    }

    private NegotiateAuthenticator authenticator() throws NegotiateException {
        return new NegotiateAuthenticator(settings, Engine.create(settings.engineConfig()), () -> now);
    }

    private static Outcome leg(NegotiateAuthenticator a, String key, String token) {
        return a.authenticate(key, List.of("Negotiate " + token), false);
    }

    private static String challengeOf(Outcome o) {
        Outcome.Unauthorized u = assertInstanceOf(Outcome.Unauthorized.class, o);
        assertEquals(1, u.challenges().size(), u.challenges().toString());
        return u.challenges().get(0);
    }

    private static EngineClient bob() throws NegotiateException {
        return EngineClient.ntlm(MechOid.NTLM, "JNEGOTIATE\\bob", "B0b-secret");
    }

    @Test
    void aContinuedExchangeWaitsAndAFinishedOneLeavesNothing() throws Exception {
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient client = bob();
            String challenge = challengeOf(leg(a, "c1", client.next(null)));
            assertEquals(1, a.pendingExchanges());
            Outcome.Authenticated ok =
                    assertInstanceOf(Outcome.Authenticated.class, leg(a, "c1", client.next(challenge)));
            assertEquals(
                    new NegotiatePrincipal("JNEGOTIATE\\bob", AuthMechanism.NTLM, AuthScheme.NEGOTIATE),
                    ok.principal());
            assertEquals(0, a.pendingExchanges());
        }
    }

    /** The filter is a door: it logs each token it receives and sends once, at TRACE (JUL FINER), by TokenLog. */
    @Test
    void tokensLoggedOnceAtTheDoor_authenticateBySizeOnly() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        // every record reaching the handler passes its filter, which keeps it
        Handler handler = new StreamHandler(OutputStream.nullOutputStream(), new SimpleFormatter());
        handler.setLevel(Level.ALL);
        handler.setFilter(r -> {
            synchronized (records) {
                records.add(r);
            }
            return false;
        });
        Logger root = Logger.getLogger("org.jnegotiate");
        Level previous = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        String negotiate;
        String authenticate;
        String challenge;
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient client = bob();
            negotiate = client.next(null);
            challenge = challengeOf(leg(a, "c1", negotiate)).substring("Negotiate ".length());
            authenticate = client.next("Negotiate " + challenge);
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "c1", authenticate));
        } finally {
            root.removeHandler(handler);
            root.setLevel(previous);
        }
        Function<LogRecord, String> text = r -> new SimpleFormatter().formatMessage(r);
        String door = NegotiateAuthenticator.class.getName();
        assertEquals(
                List.of("NEGOTIATE in: " + negotiate),
                records.stream().map(text).filter(t -> t.contains(negotiate)).toList());
        assertEquals(
                List.of("NEGOTIATE out (CONTINUE_NEEDED): " + challenge),
                records.stream().map(text).filter(t -> t.contains(challenge)).toList());
        assertTrue(
                records.stream().map(text).noneMatch(t -> t.contains(authenticate)), "the AUTHENTICATE is not logged");
        assertEquals(
                1,
                records.stream()
                        .filter(r -> r.getLoggerName().equals(door)
                                && r.getLevel() == Level.FINER
                                && text.apply(r).startsWith("NEGOTIATE in: (")
                                && text.apply(r).contains("AUTHENTICATE_MESSAGE"))
                        .count());
        assertTrue(records.stream()
                .filter(r -> text.apply(r).contains(negotiate) || text.apply(r).contains(challenge))
                .allMatch(r -> r.getLoggerName().equals(door) && r.getLevel() == Level.FINER));
    }

    @Test
    void aFailedLegLeavesNothing() throws Exception {
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient client = EngineClient.ntlm(MechOid.NTLM, "JNEGOTIATE\\bob", "wrong");
            String challenge = challengeOf(leg(a, "c1", client.next(null)));
            Outcome refused = leg(a, "c1", client.next(challenge));
            assertEquals(
                    List.of("Negotiate"),
                    assertInstanceOf(Outcome.Unauthorized.class, refused).challenges());
            assertEquals(0, a.pendingExchanges());
        }
    }

    @Test
    void aFloodOfNegotiatesKeepsTheNewestAndPushesOutTheOldest() throws Exception {
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient oldest = bob();
            String oldestChallenge = challengeOf(leg(a, "victim", oldest.next(null)));
            EngineClient newest = null;
            String newestChallenge = null;
            for (int i = 0; i < 10; i++) {
                newest = bob();
                newestChallenge = challengeOf(leg(a, "flood" + i, newest.next(null)));
                assertTrue(a.pendingExchanges() <= 3, "bounded: " + a.pendingExchanges());
            }
            assertEquals(3, a.pendingExchanges());
            // the oldest exchange was pushed out of the filter (its context disposed); the engine still knows the
            // CHALLENGE it issued (ntlm/IssuedChallenges, README "NTLM across stateless acceptors"), so a fresh
            // context finishes the victim's logon: a flood costs the victim nothing
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "victim", oldest.next(oldestChallenge)));
            assertEquals(3, a.pendingExchanges(), "the fresh context finished at once: nothing new is pending");
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "flood9", newest.next(newestChallenge)));
            assertEquals(2, a.pendingExchanges());
        }
    }

    @Test
    void anExchangeExpiresAfterThePendingTimeout() throws Exception {
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient late = bob();
            String lateChallenge = challengeOf(leg(a, "late", late.next(null)));
            EngineClient prompt = bob();
            now = now.plusSeconds(29);
            String promptChallenge = challengeOf(leg(a, "prompt", prompt.next(null)));
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "prompt", prompt.next(promptChallenge)));
            now = now.plusSeconds(1);
            assertEquals(1, a.pendingExchanges(), "only the late exchange waits");
            // 30 s after its CHALLENGE the filter has let the exchange go (memory bound) ...
            EngineClient other = bob();
            challengeOf(leg(a, "other", other.next(null)));
            assertEquals(1, a.pendingExchanges(), "the late exchange was dropped when the store was next used");
            // ... and the engine, whose pending CHALLENGEs live 10 minutes, finishes it in a fresh context
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "late", late.next(lateChallenge)));
            assertEquals(1, a.pendingExchanges());
        }
    }

    @Test
    void aNewNegotiateOnTheSameConnectionStartsOver() throws Exception {
        try (NegotiateAuthenticator a = authenticator()) {
            EngineClient abandoned = bob();
            String abandonedChallenge = challengeOf(leg(a, "c1", abandoned.next(null)));
            EngineClient client = bob();
            String challenge = challengeOf(leg(a, "c1", client.next(null)));
            assertEquals(1, a.pendingExchanges(), "the abandoned exchange was replaced, not kept beside");
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "c1", client.next(challenge)));
            assertEquals(0, a.pendingExchanges());
            // the abandoned exchange's context is gone, its CHALLENGE is not: a fresh context finishes it, once
            String abandonedAuthenticate = abandoned.next(abandonedChallenge);
            assertInstanceOf(Outcome.Authenticated.class, leg(a, "c1", abandonedAuthenticate));
            assertInstanceOf(Outcome.Unauthorized.class, leg(a, "c1", abandonedAuthenticate), "a replay is refused");
        }
    }

    @Test
    void firstTokensAreRecognised() {
        assertTrue(NegotiateAuthenticator.isFirstToken(new byte[] {0x60, 0x01}));
        assertTrue(NegotiateAuthenticator.isFirstToken(
                "NTLMSSP\0\1\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(
                false,
                NegotiateAuthenticator.isFirstToken(
                        "NTLMSSP\0\3\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(false, NegotiateAuthenticator.isFirstToken(new byte[] {(byte) 0xa1, 0x03}));
        assertEquals(
                false,
                NegotiateAuthenticator.isFirstToken(
                        "NTLMSSP\0\1".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aFilterWithoutKeysFailsAtInitNotPerRequest() {
        jakarta.servlet.FilterConfig config = new jakarta.servlet.FilterConfig() {
            @Override
            public String getFilterName() {
                return "negotiate";
            }

            @Override
            public jakarta.servlet.ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return java.util.Map.of(
                                "mechanisms",
                                "kerberos",
                                "keytab",
                                dir.resolve("missing.keytab").toString())
                        .get(name);
            }

            @Override
            public java.util.Enumeration<String> getInitParameterNames() {
                return java.util.Collections.enumeration(java.util.List.of("mechanisms", "keytab"));
            }
        };
        jakarta.servlet.ServletException e =
                assertThrows(jakarta.servlet.ServletException.class, () -> new NegotiateFilter().init(config));
        assertTrue(e.getMessage().startsWith("NegotiateFilter negotiate: "), e.getMessage());
        assertInstanceOf(NegotiateException.class, e.getCause());
        assertEquals(org.jnegotiate.mech.Failure.NO_CREDENTIALS, ((NegotiateException) e.getCause()).failure());
    }

    /** keytab= changes KRB5_KTNAME alone: the rest of the engine's environment stays the process's. */
    @Test
    void keytabParameter_setsKrb5KtNameOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path keytab = dir.resolve("service.keytab");
        NegotiateSettings s = NegotiateSettings.fromParameters(java.util.Map.of("keytab", keytab.toString())::get);
        org.jnegotiate.config.Environment env = s.engineConfig().environment();
        org.jnegotiate.config.Environment process = org.jnegotiate.config.Environment.system();
        assertEquals(java.util.Optional.of("FILE:" + keytab.toAbsolutePath()), env.krb5KtName());
        assertEquals(process.withKrb5KtName("FILE:" + keytab.toAbsolutePath()), env);
        assertEquals(process, NegotiateSettings.builder().build().engineConfig().environment());
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(java.util.Map.of("require", "kerberos,magic")::get));
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(java.util.Map.of("schemes", "Basic")::get));
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(java.util.Map.of("channelBindings", "tls-unique")::get));
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(
                        java.util.Map.of("channelBindings", "tls-server-end-point")::get));
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(java.util.Map.of("pendingTimeout", "60")::get));
        assertThrows(
                IllegalArgumentException.class,
                () -> NegotiateSettings.fromParameters(java.util.Map.of("maxPendingContexts", "0")::get));
        NegotiateSettings s = NegotiateSettings.fromParameters(java.util.Map.of(
                "principal", "HTTP/www.example.com@EXAMPLE.COM", "mechanisms", "!ntlm", "require", "Mutual")::get);
        assertEquals(List.of(MechOid.KERBEROS), s.engineConfig().mechanisms());
        assertEquals(List.of("HTTP/www.example.com"), s.engineConfig().ntlmServiceNames());
        assertEquals(java.util.Set.of(NegotiateSettings.Requirement.MUTUAL), s.requirements());
    }
}
