package org.jnegotiate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * Coverage-guided fuzzing of what an HTTP client controls: the {@code Authorization} header, on a fresh connection
 * and as the second leg of an NTLM exchange in progress (raw and inside SPNEGO). In the test command these run in
 * regression mode over {@code AuthenticatorFuzzTestInputs/<target>/}; {@code scripts/fuzz.sh} fuzzes them. The
 * properties: {@link NegotiateAuthenticator#authenticate} always answers with an {@link Outcome} (no exception
 * escapes), a header of another scheme is never a 400, and a refused leg leaves no exchange behind.
 */
class AuthenticatorFuzzTest {
    private static final NegotiateAuthenticator AUTHENTICATOR = authenticator();

    private static NegotiateAuthenticator authenticator() {
        try {
            Path users = Files.createTempFile("jnegotiate-fuzz-users", ".txt");
            users.toFile().deleteOnExit();
            Files.writeString(users, "JNEGOTIATE:bob:B0b-secret\n");
            return new NegotiateAuthenticator(NegotiateSettings.builder()
                    .mechanisms(List.of(MechOid.NTLM))
                    .ntlmUserFile(users)
                    .ntlmServiceNames(List.of("HTTP/localhost"))
                    .schemes(List.of(AuthScheme.NEGOTIATE, AuthScheme.NTLM))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NegotiateException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void authorizationHeader(String header) {
        if (header == null) {
            return; // Jazzer's null input: a request without the header is not something a client can send twice
        }
        Outcome outcome = AUTHENTICATOR.authenticate("fuzz-first", List.of(header), false);
        assertTrue(
                outcome instanceof Outcome.Unauthorized
                        || outcome instanceof Outcome.BadRequest
                        || outcome instanceof Outcome.Authenticated,
                String.valueOf(outcome));
        if (outcome instanceof Outcome.BadRequest) {
            String scheme = header.strip().split("[ \t]", 2)[0];
            assertTrue(scheme.equalsIgnoreCase("Negotiate") || scheme.equalsIgnoreCase("NTLM"), header);
        }
        AUTHENTICATOR.close(); // whatever it started is not the next input's business
    }

    /** The raw NTLM exchange's AUTHENTICATE leg replaced by the input. */
    @FuzzTest
    void rawNtlmSecondLeg(byte[] token) throws NegotiateException {
        secondLeg(MechOid.NTLM, token);
    }

    /** The SPNEGO(NTLM) exchange's NegTokenResp leg replaced by the input. */
    @FuzzTest
    void spnegoNtlmSecondLeg(byte[] token) throws NegotiateException {
        secondLeg(MechOid.SPNEGO, token);
    }

    private static void secondLeg(MechOid mechanism, byte[] token) throws NegotiateException {
        if (token.length == 0) {
            return;
        }
        EngineClient client = EngineClient.ntlm(mechanism, "JNEGOTIATE\\bob", "B0b-secret");
        Outcome challenge = AUTHENTICATOR.authenticate("fuzz-second", List.of("Negotiate " + client.next(null)), false);
        assertInstanceOf(Outcome.Unauthorized.class, challenge);
        assertEquals(1, AUTHENTICATOR.pendingExchanges());
        Outcome outcome = AUTHENTICATOR.authenticate(
                "fuzz-second", List.of("Negotiate " + Base64.getEncoder().encodeToString(token)), false);
        if (outcome instanceof Outcome.Unauthorized u
                && u.challenges().size() == 1
                && !u.challenges().get(0).equals("Negotiate")) {
            // the engine asked for another leg (a well-formed SPNEGO continuation): allowed, and still pending
            assertEquals(1, AUTHENTICATOR.pendingExchanges());
        } else {
            assertInstanceOf(Outcome.Unauthorized.class, outcome, "a fuzzed AUTHENTICATE cannot log on");
            assertEquals(0, AUTHENTICATOR.pendingExchanges(), "a refused leg disposes its context");
        }
        AUTHENTICATOR.close();
    }
}
