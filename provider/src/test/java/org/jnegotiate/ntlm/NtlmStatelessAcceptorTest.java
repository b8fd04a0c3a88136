package org.jnegotiate.ntlm;

import static org.jnegotiate.ntlm.NtlmPolicyTest.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ietf.jgss.GSSException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.AvPair;
import org.junit.jupiter.api.Test;

/**
 * NTLM across stateless acceptors (issue 11 item 2): a server that opens a new acceptor context per HTTP request
 * hands the AUTHENTICATE to a fresh context, which finishes the handshake the first context began (found by the
 * MsvAvTimestamp the client echoes), and the attacks on that: replay, expiry, a flood of NEGOTIATEs, a forged or
 * foreign AUTHENTICATE, and the framing changing between legs.
 */
class NtlmStatelessAcceptorTest {
    private final NtlmHandshakeTest.TestClock clock = new NtlmHandshakeTest.TestClock();
    private final IssuedChallenges table = new IssuedChallenges();
    private final NtlmMechanism server;

    NtlmStatelessAcceptorTest() throws NegotiateException {
        NtlmUserDatabase users = FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test");
        server = new NtlmMechanism(
                NegotiateConfig.defaults(), users, NtlmHandshakeTest.NAMES, new SecureRandom(), clock, table);
    }

    private MechContext client(String password) throws NegotiateException {
        MechCredential alice =
                server.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray()));
        return server.initiator(MechOid.NTLM, alice, NtlmHandshakeTest.request().build());
    }

    private MechContext acceptor() throws NegotiateException {
        return server.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
    }

    /** NEGOTIATE and CHALLENGE through a first acceptor, which is then disposed as Tomcat does; the AUTHENTICATE. */
    private byte[] authenticateAfterFirstContextDisposed(String password) throws NegotiateException {
        MechContext first = acceptor();
        byte[] auth = NtlmHandshakeTest.authenticate(client(password), first);
        first.dispose();
        return auth;
    }

    @Test
    void freshAcceptor_authenticateOfDisposedContext_establishesAlice() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        MechContext second = acceptor();
        assertEquals(Status.OK, second.step(auth).status());
        assertTrue(second.isEstablished());
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), second.initiatorName());
        assertTrue(AuthenticateMessage.decode(auth).mic().isPresent(), "the MIC was there to verify");
        assertEquals(0, table.size());
        assertEquals(1, table.usedSize());
    }

    @Test
    void freshAcceptor_sameSessionKeyAsClient() throws Exception {
        MechContext first = acceptor();
        MechContext client = client("Secret1");
        byte[] auth = NtlmHandshakeTest.authenticate(client, first);
        first.dispose();
        MechContext second = acceptor();
        second.step(auth);
        assertArrayEquals(client.sessionKey().toByteArray(), second.sessionKey().toByteArray());
    }

    @Test
    void replayedAuthenticate_secondFreshAcceptor_replayedToken() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        acceptor().step(auth);
        MechContext replay = acceptor();
        refused(Failure.REPLAYED_TOKEN, 0x80090310, GSSException.DUPLICATE_TOKEN, () -> replay.step(auth));
        assertFalse(replay.isEstablished());
    }

    /** The first context still alive: whichever context completes first wins; the other is refused. */
    @Test
    void authenticateCompletedInFreshContext_originalContextRefusesIt() throws Exception {
        MechContext first = acceptor();
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), first);
        acceptor().step(auth);
        refused(Failure.REPLAYED_TOKEN, 0x80090310, GSSException.DUPLICATE_TOKEN, () -> first.step(auth));
        assertFalse(first.isEstablished());
    }

    @Test
    void authenticateCompletedInOriginalContext_freshContextRefusesIt() throws Exception {
        MechContext first = acceptor();
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), first);
        first.step(auth);
        MechContext replay = acceptor();
        refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> replay.step(auth));
    }

    @Test
    void expiredChallenge_freshAcceptor_logonDenied() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        clock.now = clock.now.plus(IssuedChallenges.LIFETIME).plusSeconds(1);
        MechContext late = acceptor();
        NegotiateException e =
                refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> late.step(auth));
        assertTrue(e.getMessage().contains("no pending NTLM CHALLENGE"), e.getMessage());
    }

    /** The context that issued the challenge, given its AUTHENTICATE after the table's lifetime. */
    @Test
    void expiredChallenge_originalContext_contextExpired() throws Exception {
        MechContext first = acceptor();
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), first);
        clock.now = clock.now.plus(IssuedChallenges.LIFETIME).plusSeconds(1);
        refused(Failure.CONTEXT_EXPIRED, 0x80090317, GSSException.CONTEXT_EXPIRED, () -> first.step(auth));
    }

    /** Within the table's lifetime but beyond the NTLMv2 timestamp window (5 minutes): the window still applies. */
    @Test
    void challengeOlderThanTimestampWindow_freshAcceptor_timeSkew() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        MechContext late = acceptor();
        refused(Failure.TIME_SKEW, 0x80090324, GSSException.FAILURE, () -> late.step(auth));
    }

    /** Someone who saw the CHALLENGE answers it with a wrong password first: refused, and alice's answer still works. */
    @Test
    void wrongPassword_freshAcceptor_logonDeniedAndTheRightOneStillWorks() throws Exception {
        MechContext first = acceptor();
        MechContext alice = client("Secret1");
        byte[] challenge = first.step(alice.step(null).token()).token();
        first.dispose();
        MechContext mallory = client("not-Secret1");
        mallory.step(null);
        byte[] forged = mallory.step(challenge).token();
        MechContext attacked = acceptor();
        refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> attacked.step(forged));
        MechContext rightful = acceptor();
        assertEquals(
                Status.OK,
                rightful.step(alice.step(challenge).token()).status(),
                "a wrong AUTHENTICATE must not cancel the handshake");
    }

    @Test
    void alteredMic_freshAcceptor_messageAltered() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        byte[] forged = auth.clone();
        forged[AuthenticateMessage.MIC_OFFSET] ^= 1;
        MechContext fresh = acceptor();
        refused(Failure.MESSAGE_ALTERED, 0x8009030F, GSSException.BAD_MIC, () -> fresh.step(forged));
    }

    @Test
    void challengeOfAnotherProcess_freshAcceptor_logonDenied() throws Exception {
        NtlmMechanism other = new NtlmMechanism(
                NegotiateConfig.defaults(),
                FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test"),
                NtlmHandshakeTest.NAMES,
                new SecureRandom(),
                clock,
                new IssuedChallenges());
        MechContext foreign = other.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), foreign);
        MechContext fresh = acceptor();
        refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> fresh.step(auth));
    }

    @Test
    void authenticateWithoutEchoedTimestamp_freshAcceptor_logonDenied() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        byte[] stripped = ForgedNtlm.tamper(
                auth,
                AuthenticateMessage.decode(auth).flags(),
                t -> ForgedNtlm.without(t, AvPair.MSV_AV_TIMESTAMP),
                true,
                true);
        MechContext fresh = acceptor();
        NegotiateException e =
                refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> fresh.step(stripped));
        assertTrue(e.getMessage().contains("MsvAvTimestamp"), e.getMessage());
    }

    /** A flood of NEGOTIATEs fills the table: the oldest pending handshakes go; a used one is never forgotten. */
    @Test
    void floodOfNegotiates_evictsOldestPendingOnly_replayStillRefused() throws Exception {
        byte[] used = authenticateAfterFirstContextDisposed("Secret1");
        acceptor().step(used);
        byte[] victim = authenticateAfterFirstContextDisposed("Secret1");
        byte[] negotiate = client("Secret1").step(null).token();
        for (int i = 0; i < IssuedChallenges.MAX_ENTRIES; i++) {
            acceptor().step(negotiate);
        }
        assertEquals(IssuedChallenges.MAX_ENTRIES, table.size());
        assertEquals(1, table.usedSize());
        MechContext evicted = acceptor();
        refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> evicted.step(victim));
        MechContext replay = acceptor();
        refused(Failure.REPLAYED_TOKEN, 0x80090310, GSSException.DUPLICATE_TOKEN, () -> replay.step(used));
        byte[] newest = authenticateAfterFirstContextDisposed("Secret1");
        assertEquals(Status.OK, acceptor().step(newest).status());
    }

    @Test
    void oversizedNegotiate_notKept_freshAcceptorCannotResume() throws Exception {
        MechContext first = acceptor();
        MechContext client = client("Secret1");
        byte[] negotiate = client.step(null).token();
        byte[] padded = java.util.Arrays.copyOf(negotiate, IssuedChallenges.MAX_KEPT_NEGOTIATE + 1);
        byte[] auth = client.step(first.step(padded).token()).token();
        first.dispose();
        MechContext fresh = acceptor();
        refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> fresh.step(auth));
    }

    @Test
    void handshakeBegunInsideSpnego_resumedRaw_downgradeDetected() throws Exception {
        MechContext first = acceptor();
        first.insideNegotiation(new byte[] {0, 0x30, 0});
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), first);
        first.dispose();
        MechContext raw = acceptor();
        refused(Failure.DOWNGRADE_DETECTED, 0x80090350, GSSException.FAILURE, () -> raw.step(auth));
    }

    @Test
    void handshakeBegunRaw_resumedInsideSpnego_invalidToken() throws Exception {
        byte[] auth = authenticateAfterFirstContextDisposed("Secret1");
        MechContext spnego = acceptor();
        spnego.insideNegotiation(null);
        refused(Failure.INVALID_TOKEN, 0x80090308, GSSException.DEFECTIVE_TOKEN, () -> spnego.step(auth));
    }

    @Test
    void resumedInsideSpnego_returnsTheStateKeptByTheFirstLeg() throws Exception {
        MechContext first = acceptor();
        byte[] state = {1, 0x30, 0x02, 0x06, 0x00};
        first.insideNegotiation(state);
        byte[] auth = NtlmHandshakeTest.authenticate(client("Secret1"), first);
        first.dispose();
        MechContext fresh = acceptor();
        fresh.insideNegotiation(null);
        fresh.step(auth);
        assertArrayEquals(state, fresh.resumedOuterState().orElseThrow());
    }

    @Test
    void challengeTimestamps_uniquePerChallengeAtTheSameInstant() throws Exception {
        byte[] negotiate = client("Secret1").step(null).token();
        long a = org.jnegotiate.ntlm.messages.ChallengeMessage.decode(
                        acceptor().step(negotiate).token())
                .targetInfo()
                .timestamp()
                .orElseThrow();
        long b = org.jnegotiate.ntlm.messages.ChallengeMessage.decode(
                        acceptor().step(negotiate).token())
                .targetInfo()
                .timestamp()
                .orElseThrow();
        assertTrue(b > a, a + " then " + b);
    }
}
