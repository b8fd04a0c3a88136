package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.testing.DisposedContexts;
import org.junit.jupiter.api.Test;

/** NtlmInitiator against NtlmAcceptor in memory. */
class NtlmHandshakeTest {
    static final NtlmServerNames NAMES = new NtlmServerNames("SERVER", "DOMAIN", "server.domain.local", "domain.local");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final NtlmMechanism mech;
    /** The same, accepting anonymous logons (jnegotiate.ntlm.allowAnonymous=true). */
    final NtlmMechanism anonymousAllowed;

    NtlmHandshakeTest() throws NegotiateException {
        NtlmUserDatabase users =
                FileNtlmUserDatabase.parse(List.of("# test users", "DOMAIN:alice:Secret1", ":bob:any:colon"), "test");
        mech = new NtlmMechanism(NegotiateConfig.defaults(), users, NAMES, new SecureRandom(), clock);
        anonymousAllowed = new NtlmMechanism(
                NegotiateConfig.builder().ntlmAllowAnonymous(true).build(), users, NAMES, new SecureRandom(), clock);
    }

    static ContextRequest.Builder request() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@server.domain.local"))
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true);
    }

    MechCredential cred(String name, String password) throws NegotiateException {
        return mech.acquire(CredentialRequest.of(PeerName.user(name), MechCredential.Usage.INITIATE)
                .withPassword(password.toCharArray()));
    }

    MechContext initiator(String name, String password, ContextRequest req) throws NegotiateException {
        return mech.initiator(MechOid.NTLM, cred(name, password), req);
    }

    MechContext acceptor(ContextRequest req) throws NegotiateException {
        return mech.acceptor(MechOid.NTLM, NtlmCredential.acceptor(), req);
    }

    /** Runs NEGOTIATE and CHALLENGE; returns the AUTHENTICATE. */
    static byte[] authenticate(MechContext client, MechContext server) throws NegotiateException {
        Step negotiate = client.step(null);
        assertEquals(Status.CONTINUE_NEEDED, negotiate.status());
        Step challenge = server.step(negotiate.token());
        assertEquals(Status.CONTINUE_NEEDED, challenge.status());
        Step auth = client.step(challenge.token());
        assertEquals(Status.OK, auth.status());
        return auth.token();
    }

    MechContext[] established(ContextRequest clientReq, ContextRequest serverReq) throws NegotiateException {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", clientReq);
        MechContext server = acceptor(serverReq);
        Step done = server.step(authenticate(client, server));
        assertEquals(Status.OK, done.status());
        assertFalse(done.hasToken());
        return new MechContext[] {client, server};
    }

    static NegotiateException failure(Failure expected, MechContext server, byte[] token) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> server.step(token));
        assertEquals(expected, e.failure(), e.getMessage());
        return e;
    }

    @Test
    void handshake_rightPassword_establishesBothWithSameKeyAndNames() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        assertTrue(c[0].isEstablished());
        assertTrue(c[1].isEstablished());
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), c[1].initiatorName());
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), c[0].initiatorName());
        assertArrayEquals(c[0].sessionKey().toByteArray(), c[1].sessionKey().toByteArray());
        assertEquals(
                Set.of(
                        ContextFlag.INTEGRITY,
                        ContextFlag.CONFIDENTIALITY,
                        ContextFlag.REPLAY_DETECTION,
                        ContextFlag.SEQUENCE_DETECTION),
                c[0].granted());
        assertEquals(Set.of(ContextFlag.INTEGRITY, ContextFlag.CONFIDENTIALITY), c[1].granted());
        assertFalse(c[0].granted().contains(ContextFlag.MUTUAL));
    }

    @Test
    void requiresMechListMic_micInAuthenticate_trueOnBothSidesOnlyOnceEstablished() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        assertFalse(client.requiresMechListMic());
        byte[] auth = authenticate(client, server);
        assertTrue(AuthenticateMessage.decode(auth).mic().isPresent());
        assertTrue(client.requiresMechListMic(), "the initiator sent a MIC");
        assertFalse(server.requiresMechListMic(), "not yet established");
        server.step(auth);
        assertTrue(server.requiresMechListMic(), "the acceptor verified a MIC");
    }

    @Test
    void requiresMechListMic_anonymousWithoutMic_falseOnBothSides() throws Exception {
        MechContext client = anonymousAllowed.initiator(
                MechOid.NTLM, NtlmCredential.anonymous(), request().build());
        MechContext server = anonymousAllowed.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        byte[] auth = authenticate(client, server);
        assertTrue(AuthenticateMessage.decode(auth).mic().isEmpty());
        server.step(auth);
        assertTrue(client.isEstablished() && server.isEstablished());
        assertFalse(client.requiresMechListMic());
        assertFalse(server.requiresMechListMic());
    }

    @Test
    void handshake_wildcardDomainUser_caseInsensitiveName_establishes() throws Exception {
        MechContext client = initiator("OTHER\\BOB", "any:colon", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        server.step(authenticate(client, server));
        assertEquals(Optional.of(PeerName.user("OTHER\\BOB")), server.initiatorName());
    }

    @Test
    void wrapAndMic_bothWays_roundTrip() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        MessageProtector client = c[0].protector();
        MessageProtector server = c[1].protector();
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("hello " + i).getBytes(StandardCharsets.UTF_8);
            byte[] wrapped = client.wrap(msg, 0, msg.length, true);
            assertEquals(16 + msg.length, wrapped.length);
            Unwrapped u = server.unwrap(wrapped, 0, wrapped.length);
            assertArrayEquals(msg, u.message());
            assertTrue(u.confidential());
            assertEquals(TokenOrder.IN_ORDER, u.order());
            byte[] back = server.wrap(msg, 0, msg.length, true);
            assertArrayEquals(msg, client.unwrap(back, 0, back.length).message());
            byte[] mic = client.getMic(msg, 0, msg.length);
            assertEquals(TokenOrder.IN_ORDER, server.verifyMic(mic, 0, mic.length, msg, 0, msg.length));
            byte[] mic2 = server.getMic(msg, 0, msg.length);
            assertEquals(TokenOrder.IN_ORDER, client.verifyMic(mic2, 0, mic2.length, msg, 0, msg.length));
        }
    }

    @Test
    void mechListMic_bothWays_verifiesAndKeepsSealingInStep() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        byte[] mechTypes = MechOid.NTLM.der();
        c[1].verifyMechListMic(c[0].mechListMic(mechTypes), mechTypes);
        c[0].verifyMechListMic(c[1].mechListMic(mechTypes), mechTypes);
        byte[] msg = "after mechListMIC".getBytes(StandardCharsets.UTF_8);
        byte[] w = c[0].protector().wrap(msg, 0, msg.length, true);
        assertArrayEquals(msg, c[1].protector().unwrap(w, 0, w.length).message());
    }

    @Test
    void mechListMic_otherMechList_downgradeDetected() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        byte[] mic = c[0].mechListMic(MechOid.NTLM.der());
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> c[1].verifyMechListMic(mic, MechOid.KERBEROS.der()));
        assertEquals(Failure.DOWNGRADE_DETECTED, e.failure());
    }

    @Test
    void unwrap_replayedSealedMessage_refusedAndStreamSurvives() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        byte[] one = c[0].protector().wrap(new byte[] {1}, 0, 1, true);
        byte[] two = c[0].protector().wrap(new byte[] {2}, 0, 1, true);
        c[1].protector().unwrap(one, 0, one.length);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> c[1].protector().unwrap(one, 0, one.length));
        assertEquals(Failure.REPLAYED_TOKEN, e.failure());
        assertArrayEquals(
                new byte[] {2}, c[1].protector().unwrap(two, 0, two.length).message());
    }

    @Test
    void unwrap_skippedSealedMessage_outOfSequence() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        c[0].protector().wrap(new byte[] {1}, 0, 1, true);
        byte[] two = c[0].protector().wrap(new byte[] {2}, 0, 1, true);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> c[1].protector().unwrap(two, 0, two.length));
        assertEquals(Failure.OUT_OF_SEQUENCE, e.failure());
    }

    @Test
    void unwrap_tamperedSealedMessage_messageAlteredThenDesynchronised() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        byte[] one = c[0].protector().wrap("abc".getBytes(StandardCharsets.UTF_8), 0, 3, true);
        byte[] two = c[0].protector().wrap("def".getBytes(StandardCharsets.UTF_8), 0, 3, true);
        one[17] ^= 1;
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> c[1].protector().unwrap(one, 0, one.length))
                        .failure());
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> c[1].protector().unwrap(two, 0, two.length))
                        .failure());
    }

    @Test
    void verifyMic_tamperedMessage_messageAltered() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        byte[] msg = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] mic = c[1].protector().getMic(msg, 0, msg.length);
        msg[0] ^= 1;
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(
                                NegotiateException.class,
                                () -> c[0].protector().verifyMic(mic, 0, mic.length, msg, 0, msg.length))
                        .failure());
    }

    @Test
    void channelBindings_sameOnBothSides_establishes() throws Exception {
        ChannelBindings cb =
                ChannelBindings.ofApplicationData("tls-server-end-point:abc".getBytes(StandardCharsets.UTF_8));
        MechContext[] c = established(
                request().channelBindings(cb).build(),
                ContextRequest.builder().channelBindings(cb).build());
        assertTrue(c[1].isEstablished());
    }

    @Test
    void channelBindings_initiatorOnly_acceptorDoesNotCheck() throws Exception {
        ChannelBindings cb = ChannelBindings.ofApplicationData(new byte[] {1, 2, 3});
        assertTrue(
                established(
                        request().channelBindings(cb).build(),
                        ContextRequest.builder().build())[1].isEstablished());
    }

    @Test
    void channelBindings_mismatch_badBindings() throws Exception {
        MechContext client = initiator(
                "DOMAIN\\alice",
                "Secret1",
                request()
                        .channelBindings(ChannelBindings.ofApplicationData(new byte[] {1}))
                        .build());
        MechContext server = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        failure(Failure.BAD_BINDINGS, server, authenticate(client, server));
        assertFalse(server.isEstablished());
    }

    @Test
    void channelBindings_requiredButInitiatorSendsNone_badBindings() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        failure(Failure.BAD_BINDINGS, server, authenticate(client, server));
    }

    @Test
    void authenticate_wrongPassword_logonDenied() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "wrong", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        failure(Failure.LOGON_DENIED, server, authenticate(client, server));
    }

    @Test
    void authenticate_unknownUser_logonDenied() throws Exception {
        MechContext client = initiator("DOMAIN\\mallory", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        failure(Failure.LOGON_DENIED, server, authenticate(client, server));
    }

    @Test
    void authenticate_tamperedMic_messageAltered() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        byte[] auth = authenticate(client, server);
        auth[AuthenticateMessage.MIC_OFFSET + 3] ^= 0x40;
        failure(Failure.MESSAGE_ALTERED, server, auth);
    }

    @Test
    void authenticate_micFieldRemovedWhilePromised_invalidToken() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        AuthenticateMessage a = AuthenticateMessage.decode(authenticate(client, server));
        byte[] stripped = new AuthenticateMessage(
                        a.flags(),
                        a.lmChallengeResponse(),
                        a.ntChallengeResponse(),
                        a.domain(),
                        a.user(),
                        a.workstation(),
                        a.encryptedRandomSessionKey(),
                        a.version(),
                        Optional.empty())
                .encode();
        failure(Failure.INVALID_TOKEN, server, stripped);
    }

    @Test
    void authenticate_alteredFlags_micDetectsIt() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        byte[] auth = authenticate(client, server);
        auth[60] &= ~0x20; // clear NEGOTIATE_SEAL in the AUTHENTICATE flags
        failure(Failure.MESSAGE_ALTERED, server, auth);
    }

    @Test
    void authenticate_timestampOutsideWindow_timeSkew() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        byte[] auth = authenticate(client, server);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        failure(Failure.TIME_SKEW, server, auth);
    }

    /** {@code jnegotiate.ntlm.timestampWindow}: a wider window accepts what the default five minutes refuse. */
    @Test
    void authenticate_timestampInsideAWiderConfiguredWindow_accepted() throws Exception {
        NtlmMechanism wide = new NtlmMechanism(
                NegotiateConfig.builder()
                        .ntlmTimestampWindow(Duration.ofMinutes(10))
                        .build(),
                FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test"),
                NAMES,
                new SecureRandom(),
                clock);
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = wide.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        byte[] auth = authenticate(client, server);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        server.step(auth);
        assertTrue(server.isEstablished());
    }

    @Test
    void authenticate_ntlmV1Response_logonDeniedSayingDisabled() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        MechContext server = acceptor(ContextRequest.builder().build());
        AuthenticateMessage a = AuthenticateMessage.decode(authenticate(client, server));
        byte[] v1 = new AuthenticateMessage(
                        a.flags(),
                        new byte[24],
                        new byte[24],
                        a.domain(),
                        a.user(),
                        a.workstation(),
                        a.encryptedRandomSessionKey(),
                        a.version(),
                        a.mic())
                .encode();
        NegotiateException e = failure(Failure.LOGON_DENIED, server, v1);
        assertTrue(e.getMessage().contains("NTLMv1 is disabled"), e.getMessage());
    }

    @Test
    void anonymous_allowed_establishesAsAnonymous() throws Exception {
        MechContext client = anonymousAllowed.initiator(
                MechOid.NTLM, NtlmCredential.anonymous(), request().build());
        MechContext server = anonymousAllowed.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        server.step(authenticate(client, server));
        assertEquals(
                PeerName.Type.ANONYMOUS, server.initiatorName().orElseThrow().type());
        assertEquals(Set.of(ContextFlag.ANONYMITY), server.granted());
    }

    @Test
    void step_afterEstablished_outOfSequence() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> c[0].step(new byte[1]))
                        .failure());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> c[1].step(new byte[1]))
                        .failure());
    }

    @Test
    void protector_beforeEstablished_invalidHandle() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, client::protector).failure());
    }

    @Test
    void protector_afterDispose_invalidHandle() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        MessageProtector p = c[0].protector();
        c[0].dispose();
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> p.getMic(new byte[1], 0, 1))
                        .failure());
    }

    @Test
    void dispose_neverStepped_noHandshakeInEitherRole() throws Exception {
        MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
        client.dispose();
        DisposedContexts.assertDisposed(client, null);
        MechContext server = acceptor(ContextRequest.builder().build());
        server.dispose();
        byte[] negotiate = initiator("DOMAIN\\alice", "Secret1", request().build())
                .step(null)
                .token();
        DisposedContexts.assertDisposed(server, negotiate);
    }

    @Test
    void dispose_afterEstablished_bothRolesRefuseEverythingAndZeroTheirProtectors() throws Exception {
        MechContext[] c =
                established(request().build(), ContextRequest.builder().build());
        MessageProtector clientSide = c[0].protector();
        MessageProtector serverSide = c[1].protector();
        for (MechContext context : c) {
            context.dispose();
            DisposedContexts.assertDisposed(context, new byte[1]);
        }
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> clientSide.wrap(new byte[1], 0, 1, true))
                        .failure());
        assertEquals(
                Failure.INVALID_HANDLE,
                assertThrows(NegotiateException.class, () -> serverSide.getMic(new byte[1], 0, 1))
                        .failure());
    }

    @Test
    void acquire_noPassword_noCredentials() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> mech.acquire(
                        CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
    }

    @Test
    void acceptor_noUserFileConfigured_noCredentials() {
        NtlmMechanism bare = new NtlmMechanism(NegotiateConfig.defaults(), null, NAMES, new SecureRandom(), clock);
        assertEquals(
                Failure.NO_CREDENTIALS,
                assertThrows(
                                NegotiateException.class,
                                () -> bare.acceptor(
                                        MechOid.NTLM,
                                        NtlmCredential.acceptor(),
                                        ContextRequest.builder().build()))
                        .failure());
    }

    @Test
    void acceptor_negotiateWithoutExtendedSessionSecurity_unsupported() throws Exception {
        MechContext server = acceptor(ContextRequest.builder().build());
        byte[] negotiate =
                new org.jnegotiate.ntlm.messages.NegotiateMessage(0x00000207, "", "", Optional.empty()).encode();
        failure(Failure.UNSUPPORTED_FUNCTION, server, negotiate);
    }

    @Test
    void acceptor_curlStyleNegotiateWithoutVersion_answersChallenge() throws Exception {
        // curl: OEM|REQUEST_TARGET|NTLM|ALWAYS_SIGN|NTLM2_KEY, 32 bytes, no Version
        byte[] negotiate =
                java.util.HexFormat.of().parseHex("4e544c4d5353500001000000068208000000000000000000000000000000000000");
        MechContext server = acceptor(ContextRequest.builder().build());
        assertEquals(
                Status.CONTINUE_NEEDED,
                server.step(java.util.Arrays.copyOf(negotiate, 32)).status());
    }

    /** Every single-bit change of the AUTHENTICATE is caught (NTProofStr or MIC) and only as NegotiateException. */
    @Test
    void authenticate_everyByteFlipped_rejectedWithNegotiateException() throws Exception {
        // each flip runs a fresh exchange: the AUTHENTICATE must answer that acceptor's own challenge
        int length = authenticate(
                        initiator("DOMAIN\\alice", "Secret1", request().build()),
                        acceptor(ContextRequest.builder().build()))
                .length;
        for (int i = 0; i < length; i++) {
            MechContext c = initiator("DOMAIN\\alice", "Secret1", request().build());
            MechContext s = acceptor(ContextRequest.builder().build());
            byte[] a = authenticate(c, s);
            int at = Math.min(i, a.length - 1);
            a[at] ^= 0x01;
            try {
                s.step(a);
                throw new AssertionError("flipping byte " + at + " of the AUTHENTICATE was not detected");
            } catch (NegotiateException expected) {
                assertFalse(s.isEstablished());
            }
        }
    }

    @Test
    void challenge_everyByteFlippedOrTruncated_onlyNegotiateException() throws Exception {
        MechContext server = acceptor(ContextRequest.builder().build());
        MechContext probe = initiator("DOMAIN\\alice", "Secret1", request().build());
        byte[] challenge = server.step(probe.step(null).token()).token();
        for (int i = 0; i <= challenge.length * 2; i++) {
            byte[] c =
                    i < challenge.length ? challenge.clone() : java.util.Arrays.copyOf(challenge, i - challenge.length);
            if (i < challenge.length) {
                c[i] ^= (byte) 0x80;
            }
            MechContext client = initiator("DOMAIN\\alice", "Secret1", request().build());
            client.step(null);
            try {
                client.step(c);
            } catch (NegotiateException expected) {
                assertFalse(client.isEstablished());
            }
        }
    }
}
