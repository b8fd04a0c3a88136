package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.testing.FakeMechanism;
import org.jnegotiate.testing.FakeMechanism.Behaviour;
import org.junit.jupiter.api.Test;

/** The seed's semantics of InitializeSecurityContext/AcceptSecurityContext, through the port layer. */
class SspiHandshakeTest {
    private static final String SPN = "HTTP/server.example";
    private static final int ALLOC = IscReq.ISC_REQ_ALLOCATE_MEMORY;

    private final Harness h = new Harness(2);

    @Test
    void kerberosMutual_twoCallsEachSide_framesEveryToken() {
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        IntByReference attrs = new IntByReference();
        SecBufferDesc o1 = Harness.out();
        int req = IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY | ALLOC;

        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, req, null, o1, attrs, null));
        assertFalse(client.isNull());
        assertEquals(IscRet.ISC_RET_ALLOCATED_MEMORY, attrs.getValue(), "only non-security attributes before the end");
        byte[] t0 = o1.getBytes();
        assertEquals(0x60, t0[0] & 0xFF);
        assertArrayEquals(MechOid.KERBEROS.der(), Arrays.copyOfRange(t0, 2, 2 + MechOid.KERBEROS.der().length));

        SecBufferDesc o2 = Harness.out();
        IntByReference sattrs = new IntByReference();
        assertEquals(SecStatus.SEC_E_OK, h.asc(s, server, AscReq.ASC_REQ_MUTUAL_AUTH, t0, o2, sattrs, null));
        byte[] t1 = o2.getBytes();
        assertTrue(t1.length > 0, "SEC_E_OK with a final token still to send");
        assertEquals(0x60, t1[0] & 0xFF);
        assertEquals(AscRet.ASC_RET_MUTUAL_AUTH, sattrs.getValue());
        // the fake saw bare tokens: the door unframed them
        assertEquals("FAKE", new String(h.kerberos.inputs().get(1), 0, 4, StandardCharsets.US_ASCII));

        SecBufferDesc o3 = Harness.out();
        TimeStamp expiry = new TimeStamp();
        assertEquals(SecStatus.SEC_E_OK, h.isc(c, client, SPN, req, t1, o3, attrs, expiry));
        assertEquals(0, o3.getBytes().length);
        assertEquals(
                IscRet.ISC_RET_MUTUAL_AUTH | IscRet.ISC_RET_CONFIDENTIALITY | IscRet.ISC_RET_ALLOCATED_MEMORY,
                attrs.getValue());
        assertFalse(expiry.isNever());
        assertTrue(expiry.instant().isAfter(java.time.Instant.now()));
    }

    @Test
    void kerberosWithoutMutual_oneToken_clientDoneOnFirstCall() {
        Harness one = new Harness(1);
        CredHandle c = one.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = one.creds("Negotiate", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, one.isc(c, client, SPN, 0, null, o, new IntByReference(), null));
        byte[] t0 = o.getBytes();
        assertTrue(t0.length > 0, "SEC_E_OK and a token that must still be sent");
        assertArrayEquals(MechOid.SPNEGO.der(), Arrays.copyOfRange(t0, 2, 2 + MechOid.SPNEGO.der().length));
        SecBufferDesc so = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, one.asc(s, server, 0, t0, so, new IntByReference(), null));
        assertEquals(0, so.getBytes().length);
    }

    @Test
    void ntlm_threeLegs_rawTokens_okWithFinalToken() {
        CredHandle c = h.creds("NTLM", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = h.creds("NTLM", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, 0, null, o, new IntByReference(), null));
        assertEquals('F', o.getBytes()[0], "NTLM tokens are not framed");
        SecBufferDesc so = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED, h.asc(s, server, 0, o.getBytes(), so, new IntByReference(), null));
        SecBufferDesc o2 = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, h.isc(c, client, SPN, 0, so.getBytes(), o2, new IntByReference(), null));
        assertTrue(o2.getBytes().length > 0, "the AUTHENTICATE-like final token must still be sent");
        SecBufferDesc so2 = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, h.asc(s, server, 0, o2.getBytes(), so2, new IntByReference(), null));
    }

    @Test
    void negotiate_onlyFirstInitiatorTokenFramed() {
        Harness three = new Harness(3);
        CredHandle c = three.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = three.creds("Negotiate", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        three.isc(c, client, SPN, 0, null, o, new IntByReference(), null);
        assertEquals(0x60, o.getBytes()[0] & 0xFF);
        SecBufferDesc so = Harness.out();
        three.asc(s, server, 0, o.getBytes(), so, new IntByReference(), null);
        assertEquals('F', so.getBytes()[0], "SPNEGO acceptor tokens are bare NegTokenResp");
        SecBufferDesc o2 = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, three.isc(c, client, SPN, 0, so.getBytes(), o2, new IntByReference(), null));
        assertEquals('F', o2.getBytes()[0], "later SPNEGO initiator tokens are bare");
    }

    @Test
    void serverInitiated_firstCallTakesTheServersToken_unframed() {
        Harness one = new Harness(2);
        CredHandle c = one.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        byte[] hint = "HINT".getBytes(StandardCharsets.US_ASCII);
        byte[] framed = GssFraming.wrap(MechOid.SPNEGO, hint);
        SecBufferDesc o = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED, one.isc(c, client, SPN, 0, framed, o, new IntByReference(), null));
        assertArrayEquals(hint, one.spnego.inputs().get(0), "the mechanism got the NegTokenInit2 without framing");
    }

    @Test
    void continueNeeded_withEmptyToken_isPassedThrough() {
        h.spnego.with(Behaviour.EMPTY_FIRST_TOKEN);
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, 0, null, o, new IntByReference(), null));
        assertEquals(0, o.getBytes().length);
        SecBufferDesc o2 = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, 0, null, o2, new IntByReference(), null));
        assertEquals(0x60, o2.getBytes()[0] & 0xFF, "the first non-empty token is the framed one");
    }

    @Test
    void completeNeeded_thenCompleteAuthToken_establishes() {
        Harness one = new Harness(1);
        one.spnego.with(Behaviour.COMPLETE_NEEDED);
        CredHandle c = one.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        assertEquals(SecStatus.SEC_I_COMPLETE_NEEDED, one.isc(c, client, SPN, 0, null, o, new IntByReference(), null));
        SecBufferDesc msg = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 0), new SecBuffer(SecBuffer.SECBUFFER_DATA, new byte[] {1}));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, one.sspi.makeSignature(client, 0, msg, 0));
        assertEquals(
                SecStatus.SEC_E_OUT_OF_SEQUENCE,
                one.isc(c, client, SPN, 0, null, Harness.out(), new IntByReference(), null));
        assertEquals(SecStatus.SEC_E_OK, one.sspi.completeAuthToken(client, o));
        assertEquals(SecStatus.SEC_E_OK, one.sspi.makeSignature(client, 0, msg, 0));
    }

    @Test
    void reauthentication_newExchangeOnSameHandle_oldKeysUntilDone() {
        int req = IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY;
        CtxtHandle[] pair = h.establish("Kerberos", SPN, req, AscReq.ASC_REQ_CONFIDENTIALITY);
        CtxtHandle client = pair[0];
        CtxtHandle server = pair[1];
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        byte[] sealed = Messages.encrypt(h.sspi, client, "before".getBytes(StandardCharsets.UTF_8));

        SecBufferDesc o = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                h.isc(c, client, SPN, req, null, o, new IntByReference(), null),
                "a completed context initialised again asks for re-authentication");
        assertEquals(
                "before",
                new String(Messages.decrypt(h.sspi, server, sealed), StandardCharsets.UTF_8),
                "the established keys stay in use during the new exchange");
        SecBufferDesc so = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, h.asc(null, server, 0, o.getBytes(), so, new IntByReference(), null));
        assertEquals(
                SecStatus.SEC_E_OK,
                h.isc(c, client, SPN, req, so.getBytes(), Harness.out(), new IntByReference(), null));
        byte[] after = Messages.encrypt(h.sspi, client, "after".getBytes(StandardCharsets.UTF_8));
        assertEquals("after", new String(Messages.decrypt(h.sspi, server, after), StandardCharsets.UTF_8));
        assertEquals(2, h.kerberos.disposedContexts(), "both old contexts were disposed when the new ones took over");
    }

    @Test
    void failedLaterLeg_wrongPrincipal_thenDeleteOnce() {
        h.kerberos.acceptorName("HTTP/impostor.example");
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        int req = IscReq.ISC_REQ_MUTUAL_AUTH;
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, req, null, o, new IntByReference(), null));
        SecBufferDesc so = Harness.out();
        h.asc(s, server, 0, o.getBytes(), so, new IntByReference(), null);
        assertEquals(
                SecStatus.SEC_E_WRONG_PRINCIPAL,
                h.isc(c, client, SPN, req, so.getBytes(), Harness.out(), new IntByReference(), null));
        assertEquals(
                SecStatus.SEC_E_OUT_OF_SEQUENCE,
                h.isc(c, client, SPN, req, so.getBytes(), Harness.out(), new IntByReference(), null));
        assertEquals(SecStatus.SEC_E_OK, h.sspi.deleteSecurityContext(client));
        assertTrue(client.isNull());
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.deleteSecurityContext(client));
    }

    @Test
    void failedFirstCall_returnsNoHandle() {
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_E_TARGET_UNKNOWN,
                h.isc(c, client, FakeMechanism.UNKNOWN_TARGET, 0, null, Harness.out(), new IntByReference(), null));
        assertTrue(client.isNull());
        assertEquals(1, h.kerberos.disposedContexts());
    }

    @Test
    void acceptor_wrongPassword_logonDenied() {
        CredHandle c = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                h.sspi.acquireCredentialsHandle(
                        null,
                        "NTLM",
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity("alice", "EXAMPLE", FakeMechanism.WRONG_PASSWORD.toCharArray()),
                        null,
                        null,
                        c,
                        null));
        CredHandle s = h.creds("NTLM", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        h.isc(c, client, SPN, 0, null, o, new IntByReference(), null);
        assertEquals(
                SecStatus.SEC_E_LOGON_DENIED,
                h.asc(s, server, 0, o.getBytes(), Harness.out(), new IntByReference(), null));
        assertEquals(PeerName.user("EXAMPLE\\alice"), h.ntlm.credentialNames().get(0));
    }

    @Test
    void reservedParameters_nonZero_invalidParameter() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        for (int[] r : new int[][] {{1, 0}, {0, 1}}) {
            CtxtHandle client = new CtxtHandle();
            assertEquals(
                    SecStatus.SEC_E_INVALID_PARAMETER,
                    h.sspi.initializeSecurityContext(
                            c,
                            null,
                            SPN,
                            0,
                            r[0],
                            Sspi.SECURITY_NATIVE_DREP,
                            null,
                            r[1],
                            client,
                            Harness.out(),
                            new IntByReference(),
                            null));
            assertTrue(client.isNull());
        }
    }

    @Test
    void targetDataRep_onlyNativeOrNetwork() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_INVALID_PARAMETER,
                h.sspi.initializeSecurityContext(
                        c, null, SPN, 0, 0, 0x1, null, 0, new CtxtHandle(), Harness.out(), new IntByReference(), null));
        assertEquals(
                SecStatus.SEC_E_INVALID_PARAMETER,
                h.sspi.acceptSecurityContext(
                        c,
                        null,
                        new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, new byte[] {1}),
                        0,
                        0x11,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null));
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                h.sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        0,
                        0,
                        Sspi.SECURITY_NETWORK_DREP,
                        null,
                        0,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void promptForCreds_unsupportedFunction() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                h.isc(
                        c,
                        new CtxtHandle(),
                        SPN,
                        IscReq.ISC_REQ_PROMPT_FOR_CREDS,
                        null,
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void delegate_whereOnlyNtlmIsPossible_unsupportedFunction() {
        int req = IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH;
        CredHandle n = h.creds("NTLM", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                h.isc(n, new CtxtHandle(), SPN, req, null, Harness.out(), new IntByReference(), null));
        Harness ntlmOnly = new Harness(
                2, NegotiateConfig.builder().mechanisms(List.of(MechOid.NTLM)).build());
        CredHandle c = ntlmOnly.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                ntlmOnly.isc(c, new CtxtHandle(), SPN, req, null, Harness.out(), new IntByReference(), null));
    }

    @Test
    void delegate_withMutual_asksDelegationUnderPolicy_withoutMutual_isIgnored() {
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                h.isc(
                        c,
                        new CtxtHandle(),
                        SPN,
                        IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH,
                        null,
                        Harness.out(),
                        new IntByReference(),
                        null));
        ContextRequest withMutual = h.kerberos.requests().get(0);
        assertTrue(withMutual.has(ContextFlag.DELEGATION));
        assertTrue(withMutual.has(ContextFlag.DELEGATION_POLICY));
        assertTrue(SecStatus.succeeded(h.isc(
                c, new CtxtHandle(), SPN, IscReq.ISC_REQ_DELEGATE, null, Harness.out(), new IntByReference(), null)));
        ContextRequest alone = h.kerberos.requests().get(1);
        assertFalse(alone.has(ContextFlag.DELEGATION));
        assertFalse(alone.has(ContextFlag.MUTUAL));
    }

    @Test
    void noIntegrity_overridesIntegrity() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        h.isc(
                c,
                new CtxtHandle(),
                SPN,
                IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY,
                null,
                Harness.out(),
                new IntByReference(),
                null);
        h.isc(c, new CtxtHandle(), SPN, IscReq.ISC_REQ_INTEGRITY, null, Harness.out(), new IntByReference(), null);
        assertFalse(h.spnego.requests().get(0).has(ContextFlag.INTEGRITY));
        assertTrue(h.spnego.requests().get(1).has(ContextFlag.INTEGRITY));
    }

    @Test
    void useSuppliedCreds_takesIdentityFromPkgParams() {
        Harness one = new Harness(1);
        CredHandle c = one.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        SecWinntAuthIdentity id = new SecWinntAuthIdentity("bob", "example.com", "pw".toCharArray());
        SecBufferDesc in = new SecBufferDesc(SecBuffer.packageParameters(id));
        IntByReference attrs = new IntByReference();
        CtxtHandle client = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                one.sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        IscReq.ISC_REQ_USE_SUPPLIED_CREDS,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        in,
                        0,
                        client,
                        Harness.out(),
                        attrs,
                        null));
        assertEquals(
                PeerName.user("bob@example.com"), one.spnego.credentialNames().get(1));
        assertEquals(IscRet.ISC_RET_USED_SUPPLIED_CREDS, attrs.getValue() & IscRet.ISC_RET_USED_SUPPLIED_CREDS);
        assertEquals(SecStatus.SEC_E_OK, one.sspi.deleteSecurityContext(client));
        assertEquals(1, one.spnego.disposedCredentials(), "the supplied credential dies with its context");
    }

    @Test
    void useSuppliedCreds_withoutPkgParams_noCredentials() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_NO_CREDENTIALS,
                h.isc(
                        c,
                        new CtxtHandle(),
                        SPN,
                        IscReq.ISC_REQ_USE_SUPPLIED_CREDS,
                        null,
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void channelBindings_fromSecChannelBindingsBuffer_reachTheMechanism_andMismatchFails() {
        byte[] appData = "tls-server-end-point:abc".getBytes(StandardCharsets.US_ASCII);
        byte[] cbBytes = SecChannelBindings.encodeApplicationData(appData);
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        SecBufferDesc in = new SecBufferDesc(new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, cbBytes));
        SecBufferDesc o = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                h.sspi.initializeSecurityContext(
                        c, null, SPN, 0, 0, Sspi.SECURITY_NATIVE_DREP, in, 0, client, o, new IntByReference(), null));
        assertEquals(
                ChannelBindings.ofApplicationData(appData),
                h.kerberos.requests().get(0).channelBindings().get());

        byte[] other = SecChannelBindings.encodeApplicationData(
                "tls-server-end-point:xyz".getBytes(StandardCharsets.US_ASCII));
        SecBufferDesc sin = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, o.getBytes()),
                new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, other));
        assertEquals(
                SecStatus.SEC_E_BAD_BINDINGS,
                h.sspi.acceptSecurityContext(
                        s,
                        null,
                        sin,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void channelBindings_offsetOutsideBuffer_invalidParameter() {
        byte[] cb = SecChannelBindings.encodeApplicationData(new byte[] {1, 2, 3});
        cb[28] = (byte) 0xF0; // dwApplicationDataOffset far beyond the buffer
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        SecBufferDesc in = new SecBufferDesc(new SecBuffer(SecBuffer.SECBUFFER_CHANNEL_BINDINGS, cb));
        assertEquals(
                SecStatus.SEC_E_INVALID_PARAMETER,
                h.sspi.initializeSecurityContext(
                        c,
                        null,
                        SPN,
                        0,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        in,
                        0,
                        new CtxtHandle(),
                        Harness.out(),
                        new IntByReference(),
                        null));
    }

    @Test
    void oversizedToken_insufficientMemory() {
        CredHandle s = h.creds("Negotiate", Sspi.SECPKG_CRED_INBOUND);
        byte[] huge = new byte[h.engine.config().maxTokenSize() + 1];
        assertEquals(
                SecStatus.SEC_E_INSUFFICIENT_MEMORY,
                h.asc(s, new CtxtHandle(), 0, huge, Harness.out(), new IntByReference(), null));
    }

    @Test
    void garbageToken_invalidToken() {
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        assertEquals(
                SecStatus.SEC_E_INVALID_TOKEN,
                h.asc(
                        s,
                        new CtxtHandle(),
                        0,
                        new byte[] {0x60, 0x7F, 0x06},
                        Harness.out(),
                        new IntByReference(),
                        null));
        assertEquals(
                SecStatus.SEC_E_INVALID_TOKEN,
                h.asc(s, new CtxtHandle(), 0, new byte[0], Harness.out(), new IntByReference(), null));
    }

    @Test
    void missingOutputTokenBuffer_invalidToken() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_INVALID_TOKEN,
                h.isc(
                        c,
                        new CtxtHandle(),
                        SPN,
                        0,
                        null,
                        new SecBufferDesc(SecBuffer.SECBUFFER_DATA, 0),
                        new IntByReference(),
                        null));
    }

    @Test
    void negotiateAcceptor_getsTheFirstTokenUnchanged_theMechanismUnframes() {
        Harness three = new Harness(3);
        CredHandle s = three.creds("Negotiate", Sspi.SECPKG_CRED_INBOUND);
        byte[] ntlmssp = "NTLMSSP\0rest".getBytes(StandardCharsets.ISO_8859_1);
        three.asc(s, new CtxtHandle(), 0, ntlmssp, Harness.out(), new IntByReference(), null);
        assertArrayEquals(ntlmssp, three.spnego.inputs().get(0), "SPNEGO decides about raw NTLMSSP itself");
    }

    @Test
    void targetName_missing_targetUnknown() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_TARGET_UNKNOWN,
                h.isc(c, new CtxtHandle(), null, 0, null, Harness.out(), new IntByReference(), null));
    }

    @Test
    void targetName_spnAndHostbased_forms() throws Exception {
        assertEquals(PeerName.principal("HTTP/web.example.com"), Sspi.targetName("HTTP/web.example.com"));
        assertEquals(PeerName.hostbased("HTTP@web.example.com"), Sspi.targetName("HTTP@web.example.com"));
        assertNotEquals(Sspi.targetName("a/b"), Sspi.targetName("a@b"));
        assertNotNull(h.sspi);
    }
}
