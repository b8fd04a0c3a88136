package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.ietf.jgss.ChannelBinding;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.ntlm.NtlmPasswordCredential;
import org.jnegotiate.spnego.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JNegotiate's NTLM initiator against JNegotiate's NTLM acceptor through nothing but {@code org.ietf.jgss}: a
 * {@link GSSManager} with the JNegotiate provider at front for the NTLM OID. Both sides use the users file
 * that surefire names in {@code jnegotiate.ntlm.userFile} (src/test/resources/ntlm/gss-door-users:
 * {@code DOMAIN:alice:Secret1}), read by {@link Engine#system()}.
 */
class NtlmGssDoorTest {
    static final Oid NTLM = oid("1.3.6.1.4.1.311.2.2.10");
    /** DER of the NTLM OID, as the RFC 2743 header carries it. */
    static final byte[] NTLM_OID_DER = HexFormat.of().parseHex("060a2b06010401823702020a");

    static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

    final GSSManager manager = GSSManager.getInstance();

    NtlmGssDoorTest() throws GSSException {
        manager.addProviderAtFront(new JNegotiateProvider(), NTLM);
    }

    @BeforeAll
    static void usersFileConfigured() {
        Optional<Path> file = Engine.system().config().ntlmUserFile();
        assertTrue(
                file.isPresent() && file.get().endsWith(Path.of("ntlm", "gss-door-users")),
                "the engine of this JVM must read jnegotiate.ntlm.userFile=src/test/resources/ntlm/gss-door-users"
                        + " (provider/pom.xml surefire systemPropertyVariables), not " + file);
    }

    /** The two contexts and the three framed tokens of one handshake. */
    record Pair(GSSContext client, GSSContext server, byte[] negotiate, byte[] challenge, byte[] authenticate) {}

    GSSCredential alice() throws GSSException {
        return manager.createCredential(
                manager.createName("DOMAIN\\alice", GSSName.NT_USER_NAME),
                GSSCredential.DEFAULT_LIFETIME,
                NTLM,
                GSSCredential.INITIATE_ONLY);
    }

    GSSContext client(GSSCredential cred) throws GSSException {
        // the acceptor is this JVM's, with names from the local host: only a target naming this host (here localhost)
        // passes the reflection check of the initiator
        GSSName target = manager.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
        GSSContext c = manager.createContext(target, NTLM, cred, GSSContext.DEFAULT_LIFETIME);
        c.requestConf(true);
        c.requestInteg(true);
        c.requestReplayDet(true);
        c.requestSequenceDet(true);
        return c;
    }

    GSSContext server() throws GSSException {
        return manager.createContext((GSSCredential) null);
    }

    /** NEGOTIATE, CHALLENGE, AUTHENTICATE; the acceptor's last call may throw. */
    static Pair handshake(GSSContext client, GSSContext server) throws GSSException {
        byte[] negotiate = client.initSecContext(new byte[0], 0, 0);
        assertFalse(client.isEstablished());
        byte[] challenge = server.acceptSecContext(negotiate, 0, negotiate.length);
        assertFalse(server.isEstablished());
        byte[] authenticate = client.initSecContext(challenge, 0, challenge.length);
        assertTrue(client.isEstablished());
        assertNull(server.acceptSecContext(authenticate, 0, authenticate.length), "the acceptor has nothing to send");
        return new Pair(client, server, negotiate, challenge, authenticate);
    }

    /**
     * The GSS door logs each token once, at TRACE, as the mechanism gives and takes it (the framework frames and
     * unframes around the door): the NEGOTIATE and CHALLENGE in base64, the AUTHENTICATE by its size only.
     */
    @Test
    void logging_eachTokenOnceAtTheDoorPerSide_traceOnly() throws GSSException {
        Pair p;
        List<LogCapture.Line> lines;
        try (LogCapture capture = new LogCapture("org.jnegotiate")) {
            p = established();
            lines = capture.lines();
        }
        Base64.Encoder b64 = Base64.getEncoder();
        String negotiate = b64.encodeToString(innerToken(p.negotiate()));
        String challenge = b64.encodeToString(innerToken(p.challenge()));
        String door = MechOid.NTLM.toString();
        assertEquals(
                List.of(
                        new LogCapture.Line("TRACE", door + " initiator out (CONTINUE_NEEDED): " + negotiate),
                        new LogCapture.Line("TRACE", door + " acceptor in: " + negotiate)),
                lines.stream().filter(l -> l.text().contains(negotiate)).toList());
        assertEquals(
                List.of(
                        new LogCapture.Line("TRACE", door + " acceptor out (CONTINUE_NEEDED): " + challenge),
                        new LogCapture.Line("TRACE", door + " initiator in: " + challenge)),
                lines.stream().filter(l -> l.text().contains(challenge)).toList());
        String authenticate = b64.encodeToString(innerToken(p.authenticate()));
        assertTrue(lines.stream().noneMatch(l -> l.text().contains(authenticate)), "the AUTHENTICATE is never logged");
        assertEquals(
                2,
                lines.stream()
                        .filter(l -> l.level().equals("TRACE")
                                && l.text().contains("holding an NTLM AUTHENTICATE_MESSAGE: not logged"))
                        .count());
    }

    Pair established() throws GSSException {
        Pair p = handshake(client(alice()), server());
        assertTrue(p.server().isEstablished());
        return p;
    }

    /** The inner token of an RFC 2743 InitialContextToken for the NTLM OID; fails if the header is not there. */
    static byte[] innerToken(byte[] token) {
        assertEquals(0x60, token[0] & 0xff, "RFC 2743 [APPLICATION 0] tag");
        int at = 2;
        int len = token[1] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | token[at++] & 0xff;
            }
        }
        assertEquals(token.length - at, len, "header length");
        assertArrayEquals(NTLM_OID_DER, Arrays.copyOfRange(token, at, at + NTLM_OID_DER.length), "mechanism OID");
        return Arrays.copyOfRange(token, at + NTLM_OID_DER.length, token.length);
    }

    static void assertInnerMessage(int type, byte[] framed) {
        byte[] inner = innerToken(framed);
        assertArrayEquals(NTLMSSP, Arrays.copyOf(inner, 8), "NTLMSSP signature after the OID");
        assertEquals(type, inner[8], "NTLM message type");
    }

    static GSSException gssFailure(int major, org.junit.jupiter.api.function.Executable call) {
        GSSException e = assertThrows(GSSException.class, call);
        assertEquals(major, e.getMajor(), e.getMessage());
        return e;
    }

    static void assertNoSupplementary(MessageProp prop) {
        assertFalse(prop.isDuplicateToken(), "duplicate");
        assertFalse(prop.isOldToken(), "old");
        assertFalse(prop.isUnseqToken(), "unsequenced");
        assertFalse(prop.isGapToken(), "gap");
        assertEquals(0, prop.getQOP());
    }

    // ---- establishment ----

    @Test
    void handshake_everyTokenFramedByTheFrameworkWithNtlmOid() throws Exception {
        Pair p = established();
        assertEquals(0x60, p.negotiate()[0] & 0xff);
        assertInnerMessage(1, p.negotiate());
        assertInnerMessage(2, p.challenge());
        assertInnerMessage(3, p.authenticate());
    }

    @Test
    void handshake_acceptorSourceNameIsTheUserOfTheFile() throws Exception {
        Pair p = established();
        GSSName src = p.server().getSrcName();
        assertEquals("DOMAIN\\alice", src.toString());
        assertEquals(GSSName.NT_USER_NAME, src.getStringNameType());
        assertEquals("DOMAIN\\alice", p.client().getSrcName().toString());
        assertEquals(NTLM, p.server().getMech());
        assertEquals(NTLM, p.client().getMech());
    }

    /**
     * Before NTLM's last leg no initiator name exists: getSrcName() is null, as SunJGSS's Kerberos acceptor's is before
     * its AP-REQ (Jetty's SPNEGOLoginService asks anyway and fails; README, "Java servers"). Asking early does not
     * stop the name from appearing once established.
     */
    @Test
    void acceptorInProgress_srcNameNullUntilEstablished() throws Exception {
        GSSContext client = client(alice());
        GSSContext server = server();
        byte[] negotiate = client.initSecContext(new byte[0], 0, 0);
        byte[] challenge = server.acceptSecContext(negotiate, 0, negotiate.length);
        assertFalse(server.isEstablished());
        assertNull(server.getSrcName());
        byte[] authenticate = client.initSecContext(challenge, 0, challenge.length);
        server.acceptSecContext(authenticate, 0, authenticate.length);
        assertEquals("DOMAIN\\alice", server.getSrcName().toString());
    }

    @Test
    void handshake_grantedStates_noMutualNoDelegationIndefiniteLifetime() throws Exception {
        Pair p = established();
        for (GSSContext c : new GSSContext[] {p.client(), p.server()}) {
            assertFalse(c.getMutualAuthState(), "NTLM cannot authenticate the server");
            assertFalse(c.getCredDelegState(), "NTLM cannot delegate");
            assertFalse(c.getAnonymityState());
            assertTrue(c.getConfState());
            assertTrue(c.getIntegState());
            assertTrue(c.isProtReady());
            assertEquals(GSSContext.INDEFINITE_LIFETIME, c.getLifetime(), "NTLM contexts do not expire");
        }
        assertTrue(p.client().getReplayDetState());
        assertTrue(p.client().getSequenceDetState());
        assertTrue(p.client().isInitiator());
        assertFalse(p.server().isInitiator());
    }

    @Test
    void handshake_mutualRequested_establishesWithoutMutual() throws Exception {
        GSSContext client = client(alice());
        client.requestMutualAuth(true);
        Pair p = handshake(client, server());
        assertTrue(p.server().isEstablished());
        assertFalse(p.client().getMutualAuthState());
    }

    @Test
    void credential_fromUsersFile_namedAndIndefinite() throws Exception {
        GSSCredential cred = alice();
        assertEquals("DOMAIN\\alice", cred.getName().toString());
        assertEquals(GSSCredential.INDEFINITE_LIFETIME, cred.getRemainingInitLifetime(NTLM));
        assertEquals(GSSCredential.INITIATE_ONLY, cred.getUsage(NTLM));
    }

    @Test
    void defaultCredential_usersFileWithOneEntry_establishesAsThatUser() throws Exception {
        GSSCredential cred =
                manager.createCredential(null, GSSCredential.DEFAULT_LIFETIME, NTLM, GSSCredential.INITIATE_ONLY);
        Pair p = handshake(client(cred), server());
        assertEquals("DOMAIN\\alice", p.server().getSrcName().toString());
    }

    @Test
    void noCredentialGiven_contextAcquiresDefaultFromUsersFile() throws Exception {
        Pair p = handshake(client(null), server());
        assertEquals("DOMAIN\\alice", p.server().getSrcName().toString());
    }

    @Test
    void credential_userNotInFile_noCredNamingFileAndUser() {
        GSSException e = gssFailure(
                GSSException.NO_CRED,
                () -> manager.createCredential(
                        manager.createName("DOMAIN\\mallory", GSSName.NT_USER_NAME),
                        GSSCredential.DEFAULT_LIFETIME,
                        NTLM,
                        GSSCredential.INITIATE_ONLY));
        assertTrue(
                e.getMinorString().contains("gss-door-users")
                        && e.getMinorString().contains("DOMAIN\\mallory"),
                e.getMinorString());
    }

    // ---- failures ----

    @SuppressWarnings("removal")
    @Test
    void wrongPassword_fromSubject_unauthorizedWithReadableMessage() throws Exception {
        Subject s = new Subject();
        s.getPrivateCredentials().add(new NtlmPasswordCredential("DOMAIN", "alice", "not-Secret1".toCharArray()));
        GSSCredential cred = Subject.doAs(s, (PrivilegedExceptionAction<GSSCredential>) this::alice);
        GSSContext server = server();
        GSSException e = gssFailure(GSSException.UNAUTHORIZED, () -> handshake(client(cred), server));
        assertTrue(e.getMinorString().contains("wrong password for NTLM user DOMAIN\\alice"), e.getMinorString());
        assertFalse(server.isEstablished());
    }

    /**
     * {@link GSSException#getMessage()} shows the minor string only when the minor code is non-zero: the door
     * passes -1, as SunJGSS does, so a stack trace says why.
     */
    @SuppressWarnings("removal")
    @Test
    void failure_getMessage_carriesTheMechanismText() throws Exception {
        Subject s = new Subject();
        s.getPrivateCredentials().add(new NtlmPasswordCredential("DOMAIN", "alice", "not-Secret1".toCharArray()));
        GSSCredential cred = Subject.doAs(s, (PrivilegedExceptionAction<GSSCredential>) this::alice);
        GSSException e = gssFailure(GSSException.UNAUTHORIZED, () -> handshake(client(cred), server()));
        assertTrue(
                e.getMessage().startsWith("Operation unauthorized (Mechanism level: ")
                        && e.getMessage().contains("wrong password for NTLM user DOMAIN\\alice"),
                e.getMessage());
    }

    @Test
    void channelBindings_mismatch_badBindings() throws Exception {
        GSSContext client = client(alice());
        client.setChannelBinding(new ChannelBinding("tls-server-end-point:one".getBytes(StandardCharsets.US_ASCII)));
        GSSContext server = server();
        server.setChannelBinding(new ChannelBinding("tls-server-end-point:two".getBytes(StandardCharsets.US_ASCII)));
        GSSException e = gssFailure(GSSException.BAD_BINDINGS, () -> handshake(client, server));
        assertTrue(e.getMinorString().contains("channel bindings"), e.getMinorString());
        assertFalse(server.isEstablished());
    }

    @Test
    void channelBindings_same_establishes() throws Exception {
        byte[] cb = "tls-server-end-point:same".getBytes(StandardCharsets.US_ASCII);
        GSSContext client = client(alice());
        client.setChannelBinding(new ChannelBinding(cb));
        GSSContext server = server();
        server.setChannelBinding(new ChannelBinding(cb));
        assertTrue(handshake(client, server).server().isEstablished());
    }

    @Test
    void unframedNtlmToken_refusedByTheFrameworkAsDefective() throws Exception {
        byte[] raw = innerToken(client(alice()).initSecContext(new byte[0], 0, 0));
        gssFailure(GSSException.DEFECTIVE_TOKEN, () -> server().acceptSecContext(raw, 0, raw.length));
    }

    // ---- per-message ----

    @Test
    void wrapUnwrap_bothWays_privacyAndNoSupplementaryStatus() throws Exception {
        Pair p = established();
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("message " + i + " from the client").getBytes(StandardCharsets.UTF_8);
            MessageProp wp = new MessageProp(0, true);
            byte[] token = p.client().wrap(msg, 0, msg.length, wp);
            assertTrue(wp.getPrivacy());
            assertEquals(16 + msg.length, token.length);
            assertFalse(Arrays.equals(msg, Arrays.copyOfRange(token, 16, token.length)), "sealed");
            MessageProp up = new MessageProp(0, false);
            assertArrayEquals(msg, p.server().unwrap(token, 0, token.length, up));
            assertTrue(up.getPrivacy());
            assertNoSupplementary(up);

            byte[] reply = ("reply " + i).getBytes(StandardCharsets.UTF_8);
            MessageProp rp = new MessageProp(0, true);
            byte[] back = p.server().wrap(reply, 0, reply.length, rp);
            assertTrue(rp.getPrivacy());
            MessageProp bp = new MessageProp(0, false);
            assertArrayEquals(reply, p.client().unwrap(back, 0, back.length, bp));
            assertTrue(bp.getPrivacy());
            assertNoSupplementary(bp);
        }
    }

    @Test
    void getMicVerifyMic_bothWays_noSupplementaryStatus() throws Exception {
        Pair p = established();
        byte[] msg = "signed, not sealed".getBytes(StandardCharsets.UTF_8);
        for (GSSContext[] dir : new GSSContext[][] {{p.client(), p.server()}, {p.server(), p.client()}}) {
            byte[] mic = dir[0].getMIC(msg, 0, msg.length, new MessageProp(0, false));
            assertEquals(16, mic.length);
            MessageProp vp = new MessageProp(0, false);
            dir[1].verifyMIC(mic, 0, mic.length, msg, 0, msg.length, vp);
            assertNoSupplementary(vp);
        }
    }

    /** NTLM's RC4 stream cannot skip back: a replay is refused with DUPLICATE_TOKEN and the stream goes on. */
    @Test
    void unwrap_replayed_duplicateTokenAndContextSurvives() throws Exception {
        Pair p = established();
        byte[] one = p.client().wrap(new byte[] {1}, 0, 1, new MessageProp(0, true));
        byte[] two = p.client().wrap(new byte[] {2}, 0, 1, new MessageProp(0, true));
        p.server().unwrap(one, 0, one.length, new MessageProp(0, false));
        GSSException e = gssFailure(
                GSSException.DUPLICATE_TOKEN, () -> p.server().unwrap(one, 0, one.length, new MessageProp(0, false)));
        assertTrue(e.getMinorString().contains("already processed"), e.getMinorString());
        assertArrayEquals(new byte[] {2}, p.server().unwrap(two, 0, two.length, new MessageProp(0, false)));
    }

    @Test
    void verifyMic_replayed_duplicateToken() throws Exception {
        Pair p = established();
        byte[] msg = "once".getBytes(StandardCharsets.UTF_8);
        byte[] mic = p.server().getMIC(msg, 0, msg.length, new MessageProp(0, false));
        p.client().verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false));
        gssFailure(
                GSSException.DUPLICATE_TOKEN,
                () -> p.client().verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false)));
    }

    @Test
    void unwrap_skippedToken_unseqToken() throws Exception {
        Pair p = established();
        p.client().wrap(new byte[] {1}, 0, 1, new MessageProp(0, true));
        byte[] two = p.client().wrap(new byte[] {2}, 0, 1, new MessageProp(0, true));
        gssFailure(GSSException.UNSEQ_TOKEN, () -> p.server().unwrap(two, 0, two.length, new MessageProp(0, false)));
    }

    @Test
    void unwrap_tampered_badMic() throws Exception {
        Pair p = established();
        byte[] token = p.client().wrap("abc".getBytes(StandardCharsets.UTF_8), 0, 3, new MessageProp(0, true));
        token[token.length - 1] ^= 1;
        gssFailure(GSSException.BAD_MIC, () -> p.server().unwrap(token, 0, token.length, new MessageProp(0, false)));
    }

    @Test
    void verifyMic_alteredMessage_badMic() throws Exception {
        Pair p = established();
        byte[] msg = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] mic = p.client().getMIC(msg, 0, msg.length, new MessageProp(0, false));
        msg[0] ^= 1;
        gssFailure(
                GSSException.BAD_MIC,
                () -> p.server().verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false)));
    }

    @Test
    void wrap_afterDispose_noContext() throws Exception {
        Pair p = established();
        p.client().dispose();
        gssFailure(GSSException.NO_CONTEXT, () -> p.client().wrap(new byte[1], 0, 1, new MessageProp(0, true)));
    }

    /**
     * NTLM with NEGOTIATE_SEAL seals every wrap token (the token has no flag saying otherwise; gss-ntlmssp does
     * the same), so the honest answer to wrap(MessageProp(0, false)) is getPrivacy() == true, as SunJGSS reports
     * the protection it applied.
     */
    @Test
    void wrap_privacyNotRequested_tokenSealedAndPropSaysSo() throws Exception {
        Pair p = established();
        byte[] msg = "integrity only, please".getBytes(StandardCharsets.UTF_8);
        MessageProp wp = new MessageProp(0, false);
        byte[] token = p.client().wrap(msg, 0, msg.length, wp);
        MessageProp up = new MessageProp(0, false);
        assertArrayEquals(msg, p.server().unwrap(token, 0, token.length, up));
        assertTrue(up.getPrivacy(), "the receiver sees a sealed token");
        assertEquals(up.getPrivacy(), wp.getPrivacy(), "wrap must report the protection it applied");
    }

    @Test
    void wrapSizeLimit_signatureOverhead() throws Exception {
        Pair p = established();
        assertEquals(65536 - 16, p.client().getWrapSizeLimit(0, true, 65536));
        assertNotNull(p.client().getSrcName());
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
