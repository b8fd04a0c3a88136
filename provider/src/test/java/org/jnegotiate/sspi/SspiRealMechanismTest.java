package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.spnego.LogCapture;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door over the real mechanisms: Kerberos against Kerby's embedded KDC (SimpleKdcServer), NTLM against a
 * users file, Negotiate over both.
 */
class SspiRealMechanismTest {
    private static final String SPN = "HTTP/localhost";
    private static final int REQ = IscReq.ISC_REQ_MUTUAL_AUTH
            | IscReq.ISC_REQ_CONFIDENTIALITY
            | IscReq.ISC_REQ_INTEGRITY
            | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_SEQUENCE_DETECT
            | IscReq.ISC_REQ_ALLOCATE_MEMORY;
    private static final byte[] HELLO = "hello over SSPI".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    static KerbyKdc kdc;
    static Sspi sspi;
    static Sspi ntlmOnly;

    @BeforeAll
    static void setUp() throws Exception {
        kdc = KerbyKdc.get();
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "TEST:alice:alice-secret\n");
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .ntlmUserFile(users)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .build();
        sspi = new Sspi(Engine.create(config));
        ntlmOnly = new Sspi(Engine.create(
                config.toBuilder().mechanisms(List.of(MechOid.NTLM)).build()));
    }

    private static CredHandle outbound(Sspi s, String pkg, String user, String domain, String password) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                s.acquireCredentialsHandle(
                        null,
                        pkg,
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity(user, domain, password.toCharArray()),
                        null,
                        null,
                        h,
                        null));
        return h;
    }

    private static CredHandle inbound(Sspi s, String pkg) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                s.acquireCredentialsHandle(null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, h, null));
        return h;
    }

    private static int isc(
            Sspi s,
            CredHandle c,
            CtxtHandle ctx,
            int req,
            byte[] in,
            SecBufferDesc out,
            IntByReference attrs,
            TimeStamp expiry) {
        return s.initializeSecurityContext(
                c,
                ctx.isNull() ? null : ctx,
                SPN,
                req,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                in == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, in),
                0,
                ctx,
                out,
                attrs,
                expiry);
    }

    private static int asc(
            Sspi s, CredHandle c, CtxtHandle ctx, int req, byte[] in, SecBufferDesc out, IntByReference attrs) {
        return s.acceptSecurityContext(
                c,
                ctx.isNull() ? null : ctx,
                new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, in),
                req,
                Sspi.SECURITY_NATIVE_DREP,
                ctx,
                out,
                attrs,
                null);
    }

    @Test
    void kerberosPackage_mutual_framedApReqAndApRep_messagesAndAttributes() {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Kerberos");
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        IntByReference attrs = new IntByReference();
        SecBufferDesc o1 = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, isc(sspi, c, client, REQ, null, o1, attrs, null));
        assertEquals(IscRet.ISC_RET_ALLOCATED_MEMORY, attrs.getValue());
        GssFraming.Framed apReq = unwrap(o1.getBytes());
        assertEquals(MechOid.KERBEROS, apReq.mechanism().orElseThrow());
        assertArrayEquals(new byte[] {1, 0}, Arrays.copyOf(apReq.inner(), 2), "TOK_ID of an AP-REQ");

        SecBufferDesc o2 = Harness.out();
        IntByReference sattrs = new IntByReference();
        assertEquals(
                SecStatus.SEC_E_OK, asc(sspi, s, server, AscReq.ASC_REQ_CONFIDENTIALITY, o1.getBytes(), o2, sattrs));
        GssFraming.Framed apRep = unwrap(o2.getBytes());
        assertArrayEquals(new byte[] {2, 0}, Arrays.copyOf(apRep.inner(), 2), "TOK_ID of an AP-REP");
        assertTrue((sattrs.getValue() & AscRet.ASC_RET_MUTUAL_AUTH) != 0);

        TimeStamp expiry = new TimeStamp();
        assertEquals(SecStatus.SEC_E_OK, isc(sspi, c, client, REQ, o2.getBytes(), Harness.out(), attrs, expiry));
        int want = IscRet.ISC_RET_MUTUAL_AUTH | IscRet.ISC_RET_CONFIDENTIALITY | IscRet.ISC_RET_INTEGRITY;
        assertEquals(want, attrs.getValue() & want);
        assertTrue(expiry.instant().isAfter(java.time.Instant.now()));

        assertArrayEquals(HELLO, Messages.decrypt(sspi, server, Messages.encrypt(sspi, client, HELLO)));
        assertArrayEquals(HELLO, Messages.decrypt(sspi, client, Messages.encrypt(sspi, server, HELLO)));

        SecPkgContext.Names names = new SecPkgContext.Names();
        assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(server, Sspi.SECPKG_ATTR_NAMES, names));
        assertEquals(KerbyKdc.ALICE + "@" + KerbyKdc.REALM, names.sUserName);
        SecPkgContext.SessionKey k1 = new SecPkgContext.SessionKey();
        SecPkgContext.SessionKey k2 = new SecPkgContext.SessionKey();
        sspi.queryContextAttributes(client, Sspi.SECPKG_ATTR_SESSION_KEY, k1);
        sspi.queryContextAttributes(server, Sspi.SECPKG_ATTR_SESSION_KEY, k2);
        assertArrayEquals(k1.SessionKey, k2.SessionKey);
        SecPkgContext.Sizes sizes = new SecPkgContext.Sizes();
        assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(client, Sspi.SECPKG_ATTR_SIZES, sizes));
        assertTrue(sizes.cbSecurityTrailer > 16 && sizes.cbMaxSignature >= 16, "RFC 4121 header and checksum");
        assertEquals(SecStatus.SEC_E_OK, sspi.deleteSecurityContext(client));
        assertEquals(SecStatus.SEC_E_OK, sspi.deleteSecurityContext(server));
    }

    @Test
    void negotiatePackage_kerberos_firstTokenFramedSpnego_negotiatedPackageKerberos() {
        CredHandle c = outbound(sspi, "Negotiate", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Negotiate");
        CtxtHandle[] p = loop(sspi, c, s, REQ);
        SecPkgContext.PackageInfo pi = new SecPkgContext.PackageInfo();
        assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_PACKAGE_INFO, pi));
        assertEquals("Kerberos", pi.PackageInfo.Name);
        SecPkgContext.NegotiationInfo ni = new SecPkgContext.NegotiationInfo();
        assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(p[1], Sspi.SECPKG_ATTR_NEGOTIATION_INFO, ni));
        assertEquals(Sspi.SECPKG_NEGOTIATION_COMPLETE, ni.NegotiationState);
        assertEquals("Kerberos", ni.PackageInfo.Name);
        assertArrayEquals(HELLO, Messages.decrypt(sspi, p[1], Messages.encrypt(sspi, p[0], HELLO)));
    }

    @Test
    void ntlmPackage_threeRawLegs_messages() {
        CredHandle c = outbound(sspi, "NTLM", "alice", "TEST", "alice-secret");
        CredHandle s = inbound(sspi, "NTLM");
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o1 = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, isc(sspi, c, client, REQ, null, o1, new IntByReference(), null));
        assertEquals("NTLMSSP", new String(o1.getBytes(), 0, 7, StandardCharsets.US_ASCII));
        SecBufferDesc o2 = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, asc(sspi, s, server, 0, o1.getBytes(), o2, new IntByReference()));
        SecBufferDesc o3 = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, isc(sspi, c, client, REQ, o2.getBytes(), o3, new IntByReference(), null));
        assertEquals(3, o3.getBytes()[8], "the AUTHENTICATE_MESSAGE still has to be sent");
        assertEquals(SecStatus.SEC_E_OK, asc(sspi, s, server, 0, o3.getBytes(), Harness.out(), new IntByReference()));
        SecPkgContext.Names names = new SecPkgContext.Names();
        sspi.queryContextAttributes(server, Sspi.SECPKG_ATTR_NAMES, names);
        assertTrue(names.sUserName.toLowerCase(java.util.Locale.ROOT).contains("alice"), names.sUserName);
        assertArrayEquals(HELLO, Messages.decrypt(sspi, server, Messages.encrypt(sspi, client, HELLO)));
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 16);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone());
        assertEquals(SecStatus.SEC_E_OK, sspi.makeSignature(client, 0, new SecBufferDesc(token, data), 0));
        assertEquals(16, token.cbBuffer(), "an NTLM signature is 16 bytes");
        assertEquals(SecStatus.SEC_E_OK, sspi.verifySignature(server, new SecBufferDesc(token, data), 0, null));
    }

    @Test
    void rawNtlmClient_toNegotiateServer_works() {
        CredHandle c = outbound(sspi, "NTLM", "alice", "TEST", "alice-secret");
        CredHandle s = inbound(sspi, "Negotiate");
        CtxtHandle[] p = loop(sspi, c, s, REQ);
        SecPkgContext.PackageInfo pi = new SecPkgContext.PackageInfo();
        assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(p[1], Sspi.SECPKG_ATTR_PACKAGE_INFO, pi));
        assertEquals("NTLM", pi.PackageInfo.Name);
    }

    @Test
    void ntlm_wrongPassword_logonDenied() {
        CredHandle c = outbound(sspi, "NTLM", "alice", "TEST", "not-the-password");
        CredHandle s = inbound(sspi, "NTLM");
        assertEquals(SecStatus.SEC_E_LOGON_DENIED, failingLoop(sspi, c, s, 0, null));
    }

    @Test
    void negotiateReject_withExtendedError_tokenForThePeer_withoutIt_none() {
        CredHandle c = outbound(ntlmOnly, "Negotiate", "alice", "TEST", "not-the-password");
        CredHandle s = inbound(ntlmOnly, "Negotiate");
        SecBufferDesc[] last = new SecBufferDesc[1];
        IntByReference attrs = new IntByReference();
        assertEquals(
                SecStatus.SEC_E_LOGON_DENIED, failingLoop(ntlmOnly, c, s, AscReq.ASC_REQ_EXTENDED_ERROR, last, attrs));
        byte[] reject = last[0].getBytes();
        assertTrue(reject.length > 0, "an SPNEGO negState=reject for the client");
        assertEquals(0xA1, reject[0] & 0xFF, "a NegTokenResp");
        assertEquals(AscRet.ASC_RET_EXTENDED_ERROR, attrs.getValue());

        assertEquals(SecStatus.SEC_E_LOGON_DENIED, failingLoop(ntlmOnly, c, s, 0, last, new IntByReference()));
        assertEquals(0, last[0].getBytes().length);
    }

    @Test
    void kerberos_unknownTarget_targetUnknown() {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CtxtHandle client = new CtxtHandle();
        int status = sspi.initializeSecurityContext(
                c,
                null,
                "HTTP/nosuch.example",
                REQ,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                null,
                0,
                client,
                Harness.out(),
                new IntByReference(),
                null);
        assertEquals(SecStatus.name(SecStatus.SEC_E_TARGET_UNKNOWN), SecStatus.name(status));
        assertTrue(client.isNull());
    }

    @Test
    void kerberos_wrongPassword_logonDenied_atAcquireOrFirstCall() {
        CredHandle c = new CredHandle();
        int ach = sspi.acquireCredentialsHandle(
                null,
                "Kerberos",
                Sspi.SECPKG_CRED_OUTBOUND,
                null,
                new SecWinntAuthIdentity(KerbyKdc.ALICE, KerbyKdc.REALM, "wrong".toCharArray()),
                null,
                null,
                c,
                null);
        int status = ach != SecStatus.SEC_E_OK
                ? ach
                : sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        REQ,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        null,
                        0,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null);
        assertEquals(SecStatus.name(SecStatus.SEC_E_LOGON_DENIED), SecStatus.name(status));
    }

    @Test
    void kerberos_channelBindingsMismatch_badBindings() {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Kerberos");
        byte[] mine =
                SecChannelBindings.encodeApplicationData("tls-server-end-point:1".getBytes(StandardCharsets.UTF_8));
        byte[] theirs =
                SecChannelBindings.encodeApplicationData("tls-server-end-point:2".getBytes(StandardCharsets.UTF_8));
        SecBufferDesc o = Harness.out();
        CtxtHandle client = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        REQ,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        new SecBufferDesc(new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, mine)),
                        0,
                        client,
                        o,
                        new IntByReference(),
                        null));
        SecBufferDesc in = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, o.getBytes()),
                new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, theirs));
        assertEquals(
                SecStatus.SEC_E_BAD_BINDINGS,
                sspi.acceptSecurityContext(
                        s,
                        null,
                        in,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void kerberos_channelBindingsMismatch_extendedError_framedKrbErrorGeneric() throws Exception {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Kerberos");
        byte[] mine =
                SecChannelBindings.encodeApplicationData("tls-server-end-point:1".getBytes(StandardCharsets.UTF_8));
        byte[] theirs =
                SecChannelBindings.encodeApplicationData("tls-server-end-point:2".getBytes(StandardCharsets.UTF_8));
        SecBufferDesc o = Harness.out();
        CtxtHandle client = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        REQ,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        new SecBufferDesc(new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, mine)),
                        0,
                        client,
                        o,
                        new IntByReference(),
                        null));
        SecBufferDesc in = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, o.getBytes()),
                new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, theirs));
        SecBufferDesc out = Harness.out();
        IntByReference attrs = new IntByReference();
        assertEquals(
                SecStatus.SEC_E_BAD_BINDINGS,
                sspi.acceptSecurityContext(
                        s,
                        null,
                        in,
                        AscReq.ASC_REQ_EXTENDED_ERROR,
                        Sspi.SECURITY_NATIVE_DREP,
                        new CtxtHandle(),
                        out,
                        attrs,
                        null));
        assertEquals(AscRet.ASC_RET_EXTENDED_ERROR, attrs.getValue());
        GssFraming.Framed framed = unwrap(out.getBytes());
        assertEquals(MechOid.KERBEROS, framed.mechanism().orElseThrow());
        assertArrayEquals(new byte[] {3, 0}, Arrays.copyOf(framed.inner(), 2), "TOK_ID of a KRB-ERROR");
        assertEquals(
                org.jnegotiate.krb5.tokens.KrbErrorMessage.KRB_ERR_GENERIC,
                org.jnegotiate.krb5.tokens.KrbErrorMessage.decode(
                                Arrays.copyOfRange(framed.inner(), 2, framed.inner().length))
                        .errorCode(),
                "what MIT sends for a channel-binding mismatch");

        SecBufferDesc none = Harness.out();
        CtxtHandle client2 = new CtxtHandle();
        sspi.initializeSecurityContext(
                c,
                null,
                SPN,
                REQ,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                new SecBufferDesc(new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, mine)),
                0,
                client2,
                none,
                new IntByReference(),
                null);
        SecBufferDesc noneOut = Harness.out();
        assertEquals(
                SecStatus.SEC_E_BAD_BINDINGS,
                sspi.acceptSecurityContext(
                        s,
                        null,
                        new SecBufferDesc(
                                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, none.getBytes()),
                                new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, theirs)),
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        new CtxtHandle(),
                        noneOut,
                        new IntByReference(),
                        null));
        assertEquals(0, noneOut.getBytes().length, "without ASC_REQ_EXTENDED_ERROR no token for the peer");
    }

    @Test
    void kerberos_replayedApReq_extendedErrorToken_clientReportsReplay() throws Exception {
        Engine engine = sspi.engine();
        try (ClientContext c = ClientContext.builder(engine)
                        .securityPackage(SecurityPackage.KERBEROS)
                        .target(SPN)
                        .request(java.util.EnumSet.of(org.jnegotiate.mech.ContextFlag.MUTUAL))
                        .identity(new SecWinntAuthIdentity(
                                KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD.toCharArray()))
                        .build();
                ServerContext first = ServerContext.builder(engine)
                        .securityPackage(SecurityPackage.KERBEROS)
                        .build();
                ServerContext second = ServerContext.builder(engine)
                        .securityPackage(SecurityPackage.KERBEROS)
                        .ascReqBits(AscReq.ASC_REQ_EXTENDED_ERROR)
                        .build()) {
            byte[] apReq = c.step(null).token();
            first.step(apReq);
            SspiException replay =
                    org.junit.jupiter.api.Assertions.assertThrows(SspiException.class, () -> second.step(apReq));
            assertEquals(org.jnegotiate.mech.Failure.REPLAYED_TOKEN, replay.failure());
            byte[] error = replay.errorToken().orElseThrow();
            GssFraming.Framed framed = unwrap(error);
            assertArrayEquals(new byte[] {3, 0}, Arrays.copyOf(framed.inner(), 2), "TOK_ID of a KRB-ERROR");
            // the client, waiting for its AP-REP, gets the KRB-ERROR instead and reports the acceptor's reason
            SspiException atClient =
                    org.junit.jupiter.api.Assertions.assertThrows(SspiException.class, () -> c.step(error));
            assertEquals(org.jnegotiate.mech.Failure.REPLAYED_TOKEN, atClient.failure(), atClient.getMessage());
            assertEquals(SecStatus.SEC_E_OUT_OF_SEQUENCE, atClient.status());
        }
    }

    @Test
    void kerberos_delegateToServiceNotTrustedForDelegation_notDelegated() {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Kerberos");
        CtxtHandle[] p = loop(sspi, c, s, REQ | IscReq.ISC_REQ_DELEGATE);
        SecPkgContext.Flags f = new SecPkgContext.Flags();
        sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_FLAGS, f);
        assertEquals(0, f.Flags & IscRet.ISC_RET_DELEGATE, "Windows delegates only to OK-AS-DELEGATE services");
        assertTrue((f.Flags & IscRet.ISC_RET_MUTUAL_AUTH) != 0);
    }

    @Test
    void idiomatic_negotiateKerberos_roundTrip() throws Exception {
        Engine engine = sspi.engine();
        try (ClientContext c = ClientContext.builder(engine)
                        .target(SPN)
                        .identity(new SecWinntAuthIdentity(
                                KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD.toCharArray()))
                        .build();
                ServerContext s = ServerContext.builder(engine).build()) {
            StepResult r = c.step(null);
            while (true) {
                StepResult sr = s.step(r.token());
                if (!r.continueNeeded() && !sr.hasToken()) {
                    break;
                }
                r = c.step(sr.token());
                if (!r.continueNeeded() && !r.hasToken()) {
                    break;
                }
            }
            assertTrue(c.isEstablished() && s.isEstablished());
            assertEquals(SecurityPackage.KERBEROS, c.negotiatedPackage());
            assertArrayEquals(HELLO, s.unwrap(c.wrap(HELLO, true)).message());
            assertFalse(c.expiry().isEmpty());
        }
    }

    // ---- loops ----

    // ---- tokens in the log: once at the door (TokenLog), never by the mechanisms behind it ----

    /** What a handshake sent, and what it logged under {@code org.jnegotiate}. */
    private record Logged(List<byte[]> sent, List<LogCapture.Line> lines) {}

    private static Logged loggedLoop(Sspi sp, CredHandle c, CredHandle s) {
        List<byte[]> sent = new ArrayList<>();
        try (LogCapture capture = new LogCapture("org.jnegotiate")) {
            loop(sp, c, s, REQ, sent);
            return new Logged(sent, capture.lines());
        }
    }

    /** The records whose text holds {@code b64}. */
    private static List<LogCapture.Line> holding(List<LogCapture.Line> lines, String b64) {
        return lines.stream().filter(l -> l.text().contains(b64)).toList();
    }

    @Test
    void kerberosPackage_logging_eachTokenOnceAtEachDoor_traceOnly_decisionsAtDebug() throws Exception {
        CredHandle c = outbound(sspi, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD);
        CredHandle s = inbound(sspi, "Kerberos");
        Logged logged = loggedLoop(sspi, c, s);
        List<byte[]> sent = logged.sent();
        List<LogCapture.Line> lines = logged.lines();
        assertEquals(2, sent.size(), "AP-REQ and AP-REP");
        Base64.Encoder b64 = Base64.getEncoder();
        String apReq = b64.encodeToString(sent.get(0));
        String apRep = b64.encodeToString(sent.get(1));
        assertEquals(
                List.of(
                        new LogCapture.Line("TRACE", "Kerberos ISC step out: " + apReq),
                        new LogCapture.Line("TRACE", "Kerberos ASC step in: " + apReq)),
                holding(lines, apReq));
        assertEquals(
                List.of(
                        new LogCapture.Line("TRACE", "Kerberos ASC step out: " + apRep),
                        new LogCapture.Line("TRACE", "Kerberos ISC step in: " + apRep)),
                holding(lines, apRep));
        for (byte[] framed : sent) {
            String whole = b64.encodeToString(framed);
            String bare = b64.encodeToString(GssFraming.unwrap(framed, MechOid.KERBEROS));
            assertEquals(
                    List.of(),
                    holding(lines, bare).stream()
                            .filter(l -> !l.text().contains(whole))
                            .toList(),
                    "the mechanism does not log the bare token");
        }
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.level().equals("DEBUG")
                                && l.text()
                                        .startsWith(
                                                "krb5 acceptor: accepted " + KerbyKdc.ALICE + "@" + KerbyKdc.REALM)),
                lines.toString());
    }

    @Test
    void negotiateOverNtlm_logging_tokensAtTheDoorAtTraceOnly_authenticateNeverInBase64() throws Exception {
        CredHandle c = outbound(ntlmOnly, "Negotiate", "alice", "TEST", "alice-secret");
        CredHandle s = inbound(ntlmOnly, "Negotiate");
        Logged logged = loggedLoop(ntlmOnly, c, s);
        List<byte[]> sent = logged.sent();
        List<LogCapture.Line> lines = logged.lines();
        Base64.Encoder b64 = Base64.getEncoder();
        String first = b64.encodeToString(sent.get(0));
        assertEquals(
                List.of(
                        new LogCapture.Line("TRACE", "Negotiate ISC step out: " + first),
                        new LogCapture.Line("TRACE", "Negotiate ASC step in: " + first)),
                holding(lines, first),
                "the first token once at each door, at TRACE");
        byte[] authenticate = ((NegTokenResp) NegotiationToken.decode(sent.get(2)))
                .responseToken()
                .orElseThrow();
        assertEquals(3, authenticate[8], "the third token carries the AUTHENTICATE_MESSAGE");
        for (String secret : List.of(b64.encodeToString(sent.get(2)), b64.encodeToString(authenticate))) {
            assertTrue(lines.stream().noneMatch(l -> l.text().contains(secret)), "the AUTHENTICATE is never logged");
        }
        assertEquals(
                2,
                lines.stream()
                        .filter(l -> l.level().equals("TRACE")
                                && l.text().contains("holding an NTLM AUTHENTICATE_MESSAGE: not logged"))
                        .count(),
                "sent by the ISC, received by the ASC: its size only, once at each door");
        for (byte[] t : sent) {
            String token = b64.encodeToString(t);
            assertTrue(
                    lines.stream()
                            .noneMatch(
                                    l -> !l.level().equals("TRACE") && l.text().contains(token)),
                    "tokens only at TRACE");
        }
        assertTrue(lines.stream()
                .anyMatch(l -> l.level().equals("DEBUG") && l.text().startsWith("NTLM acceptor challenges with")));
        assertTrue(lines.stream()
                .noneMatch(l -> l.level().equals("INFO") || l.level().equals("WARNING")));
    }

    private static CtxtHandle[] loop(Sspi sp, CredHandle c, CredHandle s, int req) {
        return loop(sp, c, s, req, new ArrayList<>());
    }

    /** Runs the loop to completion; every token sent, either way, goes into {@code sent} in order. */
    private static CtxtHandle[] loop(Sspi sp, CredHandle c, CredHandle s, int req, List<byte[]> sent) {
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        byte[] token = null;
        int cs = SecStatus.SEC_I_CONTINUE_NEEDED;
        int ss = SecStatus.SEC_I_CONTINUE_NEEDED;
        for (int i = 0; i < 6 && (cs != SecStatus.SEC_E_OK || ss != SecStatus.SEC_E_OK); i++) {
            if (cs != SecStatus.SEC_E_OK) {
                SecBufferDesc o = Harness.out();
                cs = isc(sp, c, client, req, token, o, new IntByReference(), null);
                Harness.assertOk(cs);
                token = o.getBytes();
                if (token.length > 0) {
                    sent.add(token);
                }
            }
            if (ss != SecStatus.SEC_E_OK && token.length > 0) {
                SecBufferDesc o = Harness.out();
                ss = asc(sp, s, server, 0, token, o, new IntByReference());
                Harness.assertOk(ss);
                token = o.getBytes();
                if (token.length > 0) {
                    sent.add(token);
                }
            }
        }
        assertEquals(SecStatus.SEC_E_OK, cs);
        assertEquals(SecStatus.SEC_E_OK, ss);
        return new CtxtHandle[] {client, server};
    }

    private static int failingLoop(Sspi sp, CredHandle c, CredHandle s, int ascReq, SecBufferDesc[] last) {
        return failingLoop(sp, c, s, ascReq, last, new IntByReference());
    }

    /** Runs until a side fails; returns that status (the acceptor's output buffer in {@code last}). */
    private static int failingLoop(
            Sspi sp, CredHandle c, CredHandle s, int ascReq, SecBufferDesc[] last, IntByReference sattrs) {
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        byte[] token = null;
        for (int i = 0; i < 6; i++) {
            SecBufferDesc o = Harness.out();
            int cs = isc(sp, c, client, 0, token, o, new IntByReference(), null);
            if (!SecStatus.succeeded(cs)) {
                return cs;
            }
            SecBufferDesc so = Harness.out();
            int ss = asc(sp, s, server, ascReq, o.getBytes(), so, sattrs);
            if (last != null) {
                last[0] = so;
            }
            if (!SecStatus.succeeded(ss)) {
                return ss;
            }
            token = so.getBytes();
        }
        throw new AssertionError("no failure");
    }

    private static GssFraming.Framed unwrap(byte[] token) {
        try {
            return GssFraming.unwrap(token);
        } catch (org.jnegotiate.mech.NegotiateException e) {
            throw new AssertionError(e);
        }
    }
}
