package org.jnegotiate.conformance.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.GssPeerException;
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
import org.jnegotiate.mech.Unwrapped;
import org.jnegotiate.ntlm.FileNtlmUserDatabase;
import org.jnegotiate.ntlm.NtlmCredential;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with gss-ntlmssp (MIT GSS-API NTLM mechanism) through the python3-gssapi peer
 * ({@code src/test/python/gss_peer.py}): our initiator against its acceptor and its initiator against our acceptor,
 * raw NTLM tokens (no SPNEGO), then wrap/unwrap and MIC both ways. A missing peer is a failure, not a skip.
 */
class GssNtlmsspInteropTest {
    static final byte[] CB_DATA = "tls-server-end-point:0123456789".getBytes(StandardCharsets.US_ASCII);
    /** The address type of the bindings on both sides (GSS_C_AF_UNSPEC, as Windows and JNegotiate send). */
    static final int CB_ADDRESS_TYPE = 0;

    static final String NTLM_OID = "1.3.6.1.4.1.311.2.2.10";

    @TempDir
    Path dir;

    Path users;
    final List<GssPeer> peers = new ArrayList<>();

    /**
     * gss-ntlmssp is where MIT's mechanism glue loads it from: the library that a {@code /etc/gss/mech.d} entry names
     * for the NTLM OID (no architecture-specific path here).
     */
    @BeforeAll
    static void findPeer() throws IOException {
        Path mechD = Path.of("/etc/gss/mech.d");
        List<Path> libraries = new ArrayList<>();
        if (Files.isDirectory(mechD)) {
            try (Stream<Path> confs = Files.list(mechD)) {
                for (Path conf :
                        confs.filter(p -> p.toString().endsWith(".conf")).toList()) {
                    for (String line : Files.readAllLines(conf)) {
                        String[] words = line.strip().split("\\s+");
                        if (!line.strip().startsWith("#") && words.length >= 3 && words[1].equals(NTLM_OID)) {
                            libraries.add(Path.of(words[2]));
                        }
                    }
                }
            }
        }
        assertTrue(
                !libraries.isEmpty() && libraries.stream().allMatch(Files::isRegularFile),
                "gss-ntlmssp is not installed (no /etc/gss/mech.d entry for " + NTLM_OID + " naming an existing"
                        + " library: " + libraries + "): run scripts/install-peers.sh");
    }

    @BeforeEach
    void writeUsers() throws IOException {
        users = dir.resolve("users");
        Files.writeString(users, "DOMAIN:alice:Secret1\n");
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(GssPeer::close);
    }

    GssPeer acceptor(byte[] bindings) {
        GssPeer.Builder b =
                GssPeer.builder(GssPeer.Role.ACCEPTOR, GssPeer.Mech.NTLM).env("NTLM_USER_FILE", users.toString());
        return started(bindings == null ? b : b.channelBindings(bindings, CB_ADDRESS_TYPE));
    }

    GssPeer initiator(String password, byte[] bindings) {
        GssPeer.Builder b = GssPeer.builder(GssPeer.Role.INITIATOR, GssPeer.Mech.NTLM)
                .name("DOMAIN\\alice")
                .password(password)
                .target("HTTP@server.example.test")
                .flags("integ", "conf", "replay", "sequence");
        return started(bindings == null ? b : b.channelBindings(bindings, CB_ADDRESS_TYPE));
    }

    private GssPeer started(GssPeer.Builder b) {
        GssPeer peer = b.start();
        peers.add(peer);
        return peer;
    }

    NtlmMechanism mechanism() throws NegotiateException {
        return new NtlmMechanism(
                NegotiateConfig.defaults(),
                FileNtlmUserDatabase.load(users),
                NtlmServerNames.forHost("server.example.test", "DOMAIN"),
                new SecureRandom(),
                Clock.systemUTC());
    }

    static ContextRequest.Builder request() {
        return ContextRequest.builder()
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true);
    }

    MechContext ourInitiator(String password, Optional<ChannelBindings> cb) throws NegotiateException {
        NtlmMechanism mech = mechanism();
        MechCredential cred =
                mech.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray()));
        return mech.initiator(
                MechOid.NTLM,
                cred,
                request()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .channelBindings(cb.orElse(null))
                        .build());
    }

    /** Our NtlmInitiator against gss-ntlmssp's acceptor; returns our established context. */
    static MechContext ourInitiatorTheirAcceptor(GssPeer acceptor, MechContext client) throws Exception {
        Step negotiate = client.step(null);
        GssPeer.Step challenge = acceptor.step(negotiate.token());
        assertEquals(false, challenge.complete());
        Step auth = client.step(challenge.token());
        assertEquals(Status.OK, auth.status());
        GssPeer.Step done = acceptor.step(auth.token());
        assertEquals(true, done.complete());
        return client;
    }

    /** gss-ntlmssp's initiator against our NtlmAcceptor; returns our context after the last step. */
    static MechContext theirInitiatorOurAcceptor(GssPeer initiator, MechContext server) throws Exception {
        GssPeer.Step negotiate = initiator.step(new byte[0]);
        Step challenge = server.step(negotiate.token());
        assertEquals(Status.CONTINUE_NEEDED, challenge.status());
        GssPeer.Step auth = initiator.step(challenge.token());
        assertEquals(true, auth.complete());
        assertEquals(Status.OK, server.step(auth.token()).status());
        return server;
    }

    /** wrap/unwrap and MIC in both directions, three rounds (so RC4 state and sequence numbers advance). */
    static void exchangeMessages(MechContext ours, GssPeer theirs) throws Exception {
        MessageProtector p = ours.protector();
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("message " + i + " from JNegotiate").getBytes(StandardCharsets.UTF_8);
            byte[] wrapped = p.wrap(msg, 0, msg.length, true);
            GssPeer.Protected unwrapped = theirs.unwrap(wrapped);
            assertArrayEquals(msg, unwrapped.bytes());
            assertTrue(unwrapped.confidential());

            byte[] reply = ("reply " + i + " from gss-ntlmssp").getBytes(StandardCharsets.UTF_8);
            byte[] theirWrap = theirs.wrap(reply, true).bytes();
            Unwrapped u = p.unwrap(theirWrap, 0, theirWrap.length);
            assertArrayEquals(reply, u.message());
            assertTrue(u.confidential());

            byte[] mic = p.getMic(msg, 0, msg.length);
            theirs.verifyMic(msg, mic); // throws GssPeerException unless the peer accepts it
            byte[] theirMic = theirs.getMic(reply);
            p.verifyMic(theirMic, 0, theirMic.length, reply, 0, reply.length);
        }
    }

    @Test
    void ourInitiator_gssNtlmsspAcceptor_handshakeWrapAndMicBothWays() throws Exception {
        GssPeer acceptor = acceptor(null);
        MechContext client = ourInitiatorTheirAcceptor(acceptor, ourInitiator("Secret1", Optional.empty()));
        // gss-ntlmssp's names end in a NUL byte
        assertEquals("DOMAIN\\alice", acceptor.info().initiator().orElseThrow().replace("\0", ""));
        exchangeMessages(client, acceptor);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptor_handshakeWrapAndMicBothWays() throws Exception {
        GssPeer initiator = initiator("Secret1", null);
        MechContext server = theirInitiatorOurAcceptor(
                initiator,
                mechanism()
                        .acceptor(
                                MechOid.NTLM,
                                NtlmCredential.acceptor(),
                                request().build()));
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), server.initiatorName());
        assertTrue(server.granted().contains(ContextFlag.CONFIDENTIALITY));
        exchangeMessages(server, initiator);
    }

    @Test
    void ourInitiator_gssNtlmsspAcceptor_withChannelBindings() throws Exception {
        GssPeer acceptor = acceptor(CB_DATA);
        MechContext client = ourInitiatorTheirAcceptor(
                acceptor, ourInitiator("Secret1", Optional.of(ChannelBindings.ofApplicationData(CB_DATA))));
        exchangeMessages(client, acceptor);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptor_withChannelBindings() throws Exception {
        GssPeer initiator = initiator("Secret1", CB_DATA);
        MechContext server = theirInitiatorOurAcceptor(
                initiator,
                mechanism()
                        .acceptor(
                                MechOid.NTLM,
                                NtlmCredential.acceptor(),
                                request()
                                        .channelBindings(ChannelBindings.ofApplicationData(CB_DATA))
                                        .build()));
        exchangeMessages(server, initiator);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptorWithOtherBindings_badBindings() throws Exception {
        GssPeer initiator = initiator("Secret1", CB_DATA);
        MechContext server = mechanism()
                .acceptor(
                        MechOid.NTLM,
                        NtlmCredential.acceptor(),
                        request()
                                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {1}))
                                .build());
        Step challenge = server.step(initiator.step(new byte[0]).token());
        byte[] auth = initiator.step(challenge.token()).token();
        assertEquals(
                Failure.BAD_BINDINGS,
                assertThrows(NegotiateException.class, () -> server.step(auth)).failure());
    }

    @Test
    void ourInitiatorWrongPassword_gssNtlmsspAcceptor_rejects() throws Exception {
        GssPeer acceptor = acceptor(null);
        MechContext client = ourInitiator("wrong", Optional.empty());
        Step negotiate = client.step(null);
        Step auth = client.step(acceptor.step(negotiate.token()).token());
        GssPeerException failure = assertThrows(GssPeerException.class, () -> acceptor.step(auth.token()));
        assertEquals("STEP", failure.operation());
    }

    @Test
    void gssNtlmsspInitiatorWrongPassword_ourAcceptor_logonDenied() throws Exception {
        GssPeer initiator = initiator("wrong", null);
        MechContext server = mechanism()
                .acceptor(MechOid.NTLM, NtlmCredential.acceptor(), request().build());
        Step challenge = server.step(initiator.step(new byte[0]).token());
        byte[] auth = initiator.step(challenge.token()).token();
        assertEquals(
                Failure.LOGON_DENIED,
                assertThrows(NegotiateException.class, () -> server.step(auth)).failure());
    }
}
