package org.jnegotiate.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.testing.FakeMechanism.Behaviour;
import org.junit.jupiter.api.Test;

/** The test fixture itself: what the suites built on it rely on. */
class FakeMechanismTest {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

    private static MechContext initiator(FakeMechanism m, String password, ContextRequest request)
            throws NegotiateException {
        CredentialRequest cr = CredentialRequest.of(PeerName.user("alice@FAKE"), MechCredential.Usage.INITIATE);
        return m.initiator(
                MechOid.NTLM, m.acquire(password == null ? cr : cr.withPassword(password.toCharArray())), request);
    }

    private static MechContext acceptor(FakeMechanism m, ContextRequest request) throws NegotiateException {
        return m.acceptor(MechOid.NTLM, m.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT)), request);
    }

    private static ContextRequest plain() {
        return ContextRequest.builder().build();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void threeTokens_alternate_lastSenderReturnsOkWithIt() throws Exception {
        FakeMechanism m = new FakeMechanism("NTLM", 3, MechOid.NTLM);
        MechContext init = initiator(m, null, plain());
        MechContext acc = acceptor(m, plain());
        Step i1 = init.step(null);
        assertEquals(Status.CONTINUE_NEEDED, i1.status());
        assertArrayEquals(ascii("NTLM:I1"), i1.token());
        Step a1 = acc.step(i1.token());
        assertArrayEquals(ascii("NTLM:A1"), a1.token());
        assertEquals(Status.CONTINUE_NEEDED, a1.status());
        Step i2 = init.step(a1.token());
        assertArrayEquals(ascii("NTLM:I2"), i2.token());
        assertEquals(Status.OK, i2.status());
        Step done = acc.step(i2.token());
        assertEquals(Status.OK, done.status());
        assertFalse(done.hasToken());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(1, m.initiatorsOpened());
        assertEquals(1, m.acceptorsOpened());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> acc.step(i2.token()))
                        .failure());
    }

    @Test
    void wrongLeg_invalidToken_thenOutOfSequence() throws Exception {
        FakeMechanism m = new FakeMechanism("NTLM", 3, MechOid.NTLM);
        MechContext acc = acceptor(m, plain());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> acc.step(ascii("NTLM:A1")))
                        .failure());
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertThrows(NegotiateException.class, () -> acc.step(ascii("NTLM:I1")))
                        .failure());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(
                                NegotiateException.class,
                                () -> acceptor(m, plain()).step(ascii("NTLM:I1x")))
                        .failure());
    }

    @Test
    void kerberos_framedToken_invalidToken() throws Exception {
        FakeMechanism m = new FakeMechanism("KRB", 2, MechOid.KERBEROS);
        MechContext acc = m.acceptor(MechOid.KERBEROS, null, plain());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(
                                NegotiateException.class,
                                () -> acc.step(GssFraming.wrap(MechOid.KERBEROS, ascii("KRB:I1"))))
                        .failure());
    }

    @Test
    void rejectFirstToken_errorToken_surfacesAtTheInitiator() throws Exception {
        FakeMechanism m = new FakeMechanism("KRB", 2, MechOid.KERBEROS).rejectFirstToken(Failure.TIME_SKEW);
        MechContext init = initiator(m, null, plain());
        byte[] i1 = init.step(null).token();
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> acceptor(m, plain()).step(i1));
        assertEquals(Failure.TIME_SKEW, e.failure());
        assertArrayEquals(ascii("KRB:ERR"), e.errorToken().orElseThrow());
        assertEquals(
                Failure.TIME_SKEW,
                assertThrows(
                                NegotiateException.class,
                                () -> init.step(e.errorToken().get()))
                        .failure());
    }

    @Test
    void identity_acceptorLearnsUser_sharesFreshKey_refusesWrongPasswordAndBindings() throws Exception {
        FakeMechanism m = new FakeMechanism("FAKE", 2, MechOid.NTLM).with(Behaviour.IDENTITY_IN_FIRST_TOKEN);
        MechContext init = initiator(m, null, plain());
        MechContext acc = acceptor(m, plain());
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(PeerName.user("alice@FAKE"), acc.initiatorName().orElseThrow());
        byte[] key = init.sessionKey().toByteArray();
        assertEquals(16, key.length);
        assertArrayEquals(key, acc.sessionKey().toByteArray());
        assertFalse(java.util.Arrays.equals(ascii("FAKE"), key));
        assertThrows(IllegalStateException.class, () -> m.mic(MESSAGE));

        byte[] denied =
                initiator(m, FakeMechanism.WRONG_PASSWORD, plain()).step(null).token();
        assertEquals(
                Failure.LOGON_DENIED,
                assertThrows(
                                NegotiateException.class,
                                () -> acceptor(m, plain()).step(denied))
                        .failure());

        ContextRequest bound = ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(ascii("a")))
                .build();
        byte[] withBindings = initiator(m, null, bound).step(null).token();
        ContextRequest other = ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(ascii("b")))
                .build();
        assertEquals(
                Failure.BAD_BINDINGS,
                assertThrows(NegotiateException.class, () -> acceptor(m, other).step(withBindings))
                        .failure());
    }

    @Test
    void protector_wrapRoundTrip_replayDetected_micKeyedWithTheName() throws Exception {
        FakeMechanism m = new FakeMechanism("KRB", 1, MechOid.NTLM);
        ContextRequest replay = ContextRequest.builder()
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .build();
        MechContext init = initiator(m, null, replay);
        MechContext acc = acceptor(m, replay);
        acc.step(init.step(null).token());
        MessageProtector out = init.protector();
        MessageProtector in = acc.protector();
        byte[] sealed = out.wrap(MESSAGE, 0, MESSAGE.length, true);
        assertEquals('K', sealed[0]);
        assertEquals(MESSAGE.length + FakeMechanism.OVERHEAD, sealed.length);
        assertArrayEquals(MESSAGE, in.unwrap(sealed, 0, sealed.length).message());
        assertEquals(TokenOrder.DUPLICATE, in.unwrap(sealed, 0, sealed.length).order());
        sealed[sealed.length - 1] ^= 1;
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> in.unwrap(sealed, 0, sealed.length))
                        .failure());
        byte[] ours = out.wrap(MESSAGE, 0, MESSAGE.length, false);
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> out.unwrap(ours, 0, ours.length))
                        .failure(),
                "a reflected token does not verify");

        byte[] mic = out.getMic(MESSAGE, 0, MESSAGE.length);
        assertArrayEquals(m.mic(MESSAGE), mic);
        assertEquals(TokenOrder.IN_ORDER, in.verifyMic(mic, 0, mic.length, MESSAGE, 0, MESSAGE.length));
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(
                                NegotiateException.class,
                                () -> in.verifyMic(mic, 0, mic.length - 1, MESSAGE, 0, MESSAGE.length))
                        .failure());
        mic[0] ^= 1;
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(
                                NegotiateException.class,
                                () -> in.verifyMic(mic, 0, mic.length, MESSAGE, 0, MESSAGE.length))
                        .failure());
    }

    @Test
    void dispose_followsTheContract_countedOnce() throws Exception {
        FakeMechanism m = new FakeMechanism("KRB", 2, MechOid.NTLM);
        MechContext acc = acceptor(m, plain());
        acc.dispose();
        DisposedContexts.assertDisposed(acc, ascii("KRB:I1"));
        assertEquals(1, m.disposedContexts());
    }
}
