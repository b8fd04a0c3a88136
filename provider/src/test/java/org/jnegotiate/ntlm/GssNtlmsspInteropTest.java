package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
import org.jnegotiate.mech.Unwrapped;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with gss-ntlmssp (MIT GSS-API NTLM mechanism) through python3-gssapi: our initiator against
 * its acceptor and its initiator against our acceptor, raw NTLM tokens (no SPNEGO), then wrap/unwrap
 * and MIC both ways. Skipped only when gss-ntlmssp or /usr/bin/python3 is not installed.
 */
class GssNtlmsspInteropTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path GSSNTLMSSP = Path.of("/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so");
    static final byte[] CB_DATA = "tls-server-end-point:0123456789".getBytes(StandardCharsets.US_ASCII);
    static Path script;

    @TempDir
    Path dir;
    final List<Peer> peers = new ArrayList<>();

    @BeforeAll
    static void findPeer() throws Exception {
        // a missing peer is a failure, not a skip: ./scripts/test.sh installs it (see PEERS.md)
        assertTrue(Files.isExecutable(PYTHON) && Files.exists(GSSNTLMSSP),
                "gss-ntlmssp and python3-gssapi are not installed: run scripts/install-peers.sh");
        script = Path.of(GssNtlmsspInteropTest.class.getResource("/ntlm/ntlm_peer.py").toURI());
    }

    /** One python peer process, one command per line. */
    final class Peer implements AutoCloseable {
        final Process process;
        final Writer in;
        final BufferedReader out;

        Peer(List<String> args) throws IOException {
            Path users = dir.resolve("users");
            Files.writeString(users, "DOMAIN:alice:Secret1\n");
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("NTLM_USER_FILE", users.toString());
            process = pb.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            peers.add(this);
        }

        String[] call(String... words) throws IOException {
            in.write(String.join(" ", words) + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the python peer exited");
            }
            return line.split(" ");
        }

        String[] ok(String... words) throws IOException {
            String[] r = call(words);
            if (r[0].equals("ERROR")) {
                throw new AssertionError("gss-ntlmssp failed: " + String.join(" ", r));
            }
            return r;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(Peer::close);
    }

    static String b64(byte[] b) {
        return b.length == 0 ? "-" : Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s) {
        return s.equals("-") ? new byte[0] : Base64.getDecoder().decode(s);
    }

    NtlmMechanism mechanism() throws NegotiateException {
        return new NtlmMechanism(NegotiateConfig.defaults(),
                FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test"),
                NtlmServerNames.forHost("server.example.test", "DOMAIN"), new SecureRandom(), Clock.systemUTC());
    }

    static ContextRequest.Builder request() {
        return ContextRequest.builder().flag(ContextFlag.CONFIDENTIALITY, true).flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true).flag(ContextFlag.SEQUENCE_DETECTION, true);
    }

    MechContext ourInitiator(String password, Optional<ChannelBindings> cb) throws NegotiateException {
        NtlmMechanism mech = mechanism();
        MechCredential cred = mech.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"),
                MechCredential.Usage.INITIATE).withPassword(password.toCharArray()));
        return mech.initiator(MechOid.NTLM, cred,
                request().target(PeerName.hostbased("HTTP@localhost")).channelBindings(cb.orElse(null)).build());
    }

    /** Our NtlmInitiator against gss-ntlmssp's acceptor; returns our established context. */
    MechContext ourInitiatorTheirAcceptor(Peer acceptor, MechContext client) throws Exception {
        Step negotiate = client.step(null);
        String[] challenge = acceptor.ok("STEP", b64(negotiate.token()));
        assertEquals("CONTINUE", challenge[2]);
        Step auth = client.step(unb64(challenge[1]));
        assertEquals(Status.OK, auth.status());
        String[] done = acceptor.ok("STEP", b64(auth.token()));
        assertEquals("COMPLETE", done[2]);
        return client;
    }

    /** gss-ntlmssp's initiator against our NtlmAcceptor; returns our context after the last step. */
    static MechContext theirInitiatorOurAcceptor(Peer initiator, MechContext server) throws Exception {
        String[] negotiate = initiator.ok("STEP", "-");
        Step challenge = server.step(unb64(negotiate[1]));
        assertEquals(Status.CONTINUE_NEEDED, challenge.status());
        String[] auth = initiator.ok("STEP", b64(challenge.token()));
        assertEquals("COMPLETE", auth[2]);
        assertEquals(Status.OK, server.step(unb64(auth[1])).status());
        return server;
    }

    /** wrap/unwrap and MIC in both directions, three rounds (so RC4 state and sequence numbers advance). */
    static void exchangeMessages(MechContext ours, Peer theirs) throws Exception {
        MessageProtector p = ours.protector();
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("message " + i + " from JNegotiate").getBytes(StandardCharsets.UTF_8);
            byte[] wrapped = p.wrap(msg, 0, msg.length, true);
            String[] unwrapped = theirs.ok("UNWRAP", b64(wrapped));
            assertArrayEquals(msg, unb64(unwrapped[1]));
            assertEquals("ENCRYPTED", unwrapped[2]);

            byte[] reply = ("reply " + i + " from gss-ntlmssp").getBytes(StandardCharsets.UTF_8);
            byte[] theirWrap = unb64(theirs.ok("WRAP", b64(reply))[1]);
            Unwrapped u = p.unwrap(theirWrap, 0, theirWrap.length);
            assertArrayEquals(reply, u.message());
            assertTrue(u.confidential());

            byte[] mic = p.getMic(msg, 0, msg.length);
            assertEquals("OK", theirs.ok("VERIFY", b64(msg), b64(mic))[0]);
            byte[] theirMic = unb64(theirs.ok("MIC", b64(reply))[1]);
            p.verifyMic(theirMic, 0, theirMic.length, reply, 0, reply.length);
        }
    }

    @Test
    void ourInitiator_gssNtlmsspAcceptor_handshakeWrapAndMicBothWays() throws Exception {
        Peer acceptor = new Peer(List.of("accept"));
        MechContext client = ourInitiatorTheirAcceptor(acceptor, ourInitiator("Secret1", Optional.empty()));
        assertEquals("DOMAIN\\alice", new String(unb64(acceptor.ok("NAME")[1]), StandardCharsets.UTF_8)
                .replace("\0", ""));
        exchangeMessages(client, acceptor);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptor_handshakeWrapAndMicBothWays() throws Exception {
        Peer initiator = new Peer(List.of("initiate", "alice", "DOMAIN", "Secret1", "HTTP@server.example.test"));
        MechContext server = theirInitiatorOurAcceptor(initiator,
                mechanism().acceptor(MechOid.NTLM, NtlmCredential.acceptor(), request().build()));
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), server.initiatorName());
        assertTrue(server.granted().contains(ContextFlag.CONFIDENTIALITY));
        exchangeMessages(server, initiator);
    }

    @Test
    void ourInitiator_gssNtlmsspAcceptor_withChannelBindings() throws Exception {
        Peer acceptor = new Peer(List.of("accept", HexFormat.of().formatHex(CB_DATA)));
        MechContext client = ourInitiatorTheirAcceptor(acceptor,
                ourInitiator("Secret1", Optional.of(ChannelBindings.ofApplicationData(CB_DATA))));
        exchangeMessages(client, acceptor);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptor_withChannelBindings() throws Exception {
        Peer initiator = new Peer(List.of("initiate", "alice", "DOMAIN", "Secret1", "HTTP@server.example.test",
                HexFormat.of().formatHex(CB_DATA)));
        MechContext server = theirInitiatorOurAcceptor(initiator, mechanism().acceptor(MechOid.NTLM,
                NtlmCredential.acceptor(), request().channelBindings(ChannelBindings.ofApplicationData(CB_DATA)).build()));
        exchangeMessages(server, initiator);
    }

    @Test
    void gssNtlmsspInitiator_ourAcceptorWithOtherBindings_badBindings() throws Exception {
        Peer initiator = new Peer(List.of("initiate", "alice", "DOMAIN", "Secret1", "HTTP@server.example.test",
                HexFormat.of().formatHex(CB_DATA)));
        MechContext server = mechanism().acceptor(MechOid.NTLM, NtlmCredential.acceptor(),
                request().channelBindings(ChannelBindings.ofApplicationData(new byte[] {1})).build());
        Step challenge = server.step(unb64(initiator.ok("STEP", "-")[1]));
        byte[] auth = unb64(initiator.ok("STEP", b64(challenge.token()))[1]);
        assertEquals(Failure.BAD_BINDINGS, assertThrows(NegotiateException.class, () -> server.step(auth)).failure());
    }

    @Test
    void ourInitiatorWrongPassword_gssNtlmsspAcceptor_rejects() throws Exception {
        Peer acceptor = new Peer(List.of("accept"));
        MechContext client = ourInitiator("wrong", Optional.empty());
        Step negotiate = client.step(null);
        Step auth = client.step(unb64(acceptor.ok("STEP", b64(negotiate.token()))[1]));
        String[] reply = acceptor.call("STEP", b64(auth.token()));
        assertEquals("ERROR", reply[0], String.join(" ", reply));
    }

    @Test
    void gssNtlmsspInitiatorWrongPassword_ourAcceptor_logonDenied() throws Exception {
        Peer initiator = new Peer(List.of("initiate", "alice", "DOMAIN", "wrong", "HTTP@server.example.test"));
        MechContext server = mechanism().acceptor(MechOid.NTLM, NtlmCredential.acceptor(), request().build());
        Step challenge = server.step(unb64(initiator.ok("STEP", "-")[1]));
        byte[] auth = unb64(initiator.ok("STEP", b64(challenge.token()))[1]);
        assertEquals(Failure.LOGON_DENIED, assertThrows(NegotiateException.class, () -> server.step(auth)).failure());
    }
}
