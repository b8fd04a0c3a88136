package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnegotiate.testing.FakeMechanism;
import org.junit.jupiter.api.Test;

/** Handles, credentials, package info and QueryContextAttributes. */
class SspiHandleAndAttributeTest {
    private static final String SPN = "HTTP/server.example";
    private static final int REQ =
            IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_INTEGRITY;

    private final Harness h = new Harness(2);

    @Test
    void neverFilledHandle_invalidHandle() {
        CtxtHandle empty = new CtxtHandle();
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.deleteSecurityContext(empty));
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                h.sspi.queryContextAttributes(empty, Sspi.SECPKG_ATTR_FLAGS, new SecPkgContext.Flags()));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.freeCredentialsHandle(new CredHandle()));
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                h.isc(new CredHandle(), new CtxtHandle(), SPN, 0, null, Harness.out(), new IntByReference(), null));
    }

    @Test
    void foreignHandle_fromAnotherSspi_invalidHandle() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, 0);
        Harness other = new Harness(2);
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                other.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_FLAGS, new SecPkgContext.Flags()));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, other.sspi.deleteSecurityContext(p[0]));
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                other.isc(c, new CtxtHandle(), SPN, 0, null, Harness.out(), new IntByReference(), null));
    }

    @Test
    void acceptorHandle_givenToInitialize_invalidHandle() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, 0);
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                h.isc(c, p[1], SPN, 0, new byte[] {1}, Harness.out(), new IntByReference(), null));
    }

    @Test
    void deletedHandle_everyCall_invalidHandle() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, 0);
        CtxtHandle copy = new CtxtHandle();
        copy.copyFrom(p[0]);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.deleteSecurityContext(p[0]));
        SecBufferDesc m = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64), new SecBuffer(SecBuffer.SECBUFFER_DATA, new byte[] {1}));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.encryptMessage(copy, 0, m, 0));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.makeSignature(copy, 0, m, 0));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.completeAuthToken(copy, m));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.deleteSecurityContext(copy));
    }

    @Test
    void freedCredentials_cannotStartContexts_butRunningContextsContinue() {
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        SecBufferDesc o = Harness.out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, h.isc(c, client, SPN, REQ, null, o, new IntByReference(), null));
        assertEquals(SecStatus.SEC_E_OK, h.sspi.freeCredentialsHandle(c));
        assertEquals(0, h.kerberos.disposedCredentials(), "the context still holds the credential");
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, h.sspi.freeCredentialsHandle(c));
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                h.isc(c, new CtxtHandle(), SPN, 0, null, Harness.out(), new IntByReference(), null));
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        SecBufferDesc so = Harness.out();
        assertEquals(SecStatus.SEC_E_OK, h.asc(s, new CtxtHandle(), 0, o.getBytes(), so, new IntByReference(), null));
        assertEquals(
                SecStatus.SEC_E_OK,
                h.isc(null, client, SPN, REQ, so.getBytes(), Harness.out(), new IntByReference(), null));
        assertEquals(SecStatus.SEC_E_OK, h.sspi.deleteSecurityContext(client));
        assertEquals(1, h.kerberos.disposedCredentials(), "the last reference disposes the credential");
    }

    @Test
    void acquire_unknownPackage_secpkgNotFound_badUse_invalidParameter() {
        CredHandle c = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_SECPKG_NOT_FOUND,
                h.sspi.acquireCredentialsHandle(
                        null, "Schannel", Sspi.SECPKG_CRED_OUTBOUND, null, null, null, null, c, null));
        assertEquals(
                SecStatus.SEC_E_INVALID_PARAMETER,
                h.sspi.acquireCredentialsHandle(null, "Negotiate", 0, null, null, null, null, c, null));
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                h.sspi.acquireCredentialsHandle(
                        null, "Negotiate", Sspi.SECPKG_CRED_OUTBOUND, new Object(), null, null, null, c, null));
        assertTrue(c.isNull());
    }

    @Test
    void acquire_caseInsensitivePackage_expiryReported() {
        CredHandle c = new CredHandle();
        TimeStamp expiry = new TimeStamp();
        assertEquals(
                SecStatus.SEC_E_OK,
                h.sspi.acquireCredentialsHandle(
                        null, "negotiate", Sspi.SECPKG_CRED_BOTH, null, null, null, null, c, expiry));
        assertEquals(java.time.Instant.parse("2100-01-01T00:00:00Z"), expiry.instant());
    }

    @Test
    void acquire_mechanismHasNone_noCredentials() {
        CredHandle c = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_NO_CREDENTIALS,
                h.sspi.acquireCredentialsHandle(
                        FakeMechanism.NO_CREDS_USER,
                        "Kerberos",
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        null,
                        null,
                        null,
                        c,
                        null));
        assertTrue(c.isNull());
    }

    @Test
    void inboundCredentials_forInitialize_noCredentials_andOutboundForAccept() {
        CredHandle in = h.creds("Negotiate", Sspi.SECPKG_CRED_INBOUND);
        assertEquals(
                SecStatus.SEC_E_NO_CREDENTIALS,
                h.isc(in, new CtxtHandle(), SPN, 0, null, Harness.out(), new IntByReference(), null));
        CredHandle out = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        assertEquals(
                SecStatus.SEC_E_NO_CREDENTIALS,
                h.asc(out, new CtxtHandle(), 0, new byte[] {1}, Harness.out(), new IntByReference(), null));
    }

    @Test
    void explicitIdentity_namedPerPackage() {
        SecWinntAuthIdentity id = new SecWinntAuthIdentity("alice", "example.com", "pw".toCharArray());
        assertEquals(
                "alice@EXAMPLE.COM",
                Credentials.nameOf(SecurityPackage.KERBEROS, id).name());
        assertEquals(
                "example.com\\alice",
                Credentials.nameOf(SecurityPackage.NTLM, id).name());
        assertEquals(
                "alice@example.com",
                Credentials.nameOf(SecurityPackage.NEGOTIATE, id).name());
        assertEquals(
                "bob@REALM",
                Credentials.nameOf(SecurityPackage.NTLM, new SecWinntAuthIdentity("bob@REALM", "X", null))
                        .name());
        assertFalse(id.toString().contains("pw"));
    }

    @Test
    void querySecurityPackageInfo_knownAndUnknown() {
        SecPkgInfo info = new SecPkgInfo();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.querySecurityPackageInfo("Negotiate", info));
        assertEquals("Negotiate", info.Name);
        assertEquals(9, info.wRPCID);
        assertEquals(h.engine.config().maxTokenSize(), info.cbMaxToken);
        assertTrue((info.fCapabilities & SecPkgInfo.SECPKG_FLAG_PRIVACY) != 0);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.querySecurityPackageInfo("NTLM", info));
        assertEquals(10, info.wRPCID);
        assertEquals(0, info.fCapabilities & SecPkgInfo.SECPKG_FLAG_MUTUAL_AUTH);
        assertEquals(0, info.fCapabilities & SecPkgInfo.SECPKG_FLAG_EXTENDED_ERROR, "NTLM has no error token");
        assertEquals(SecStatus.SEC_E_OK, h.sspi.querySecurityPackageInfo("Kerberos", info));
        assertEquals(
                SecPkgInfo.SECPKG_FLAG_EXTENDED_ERROR,
                info.fCapabilities & SecPkgInfo.SECPKG_FLAG_EXTENDED_ERROR,
                "KRB-ERROR tokens");
        assertEquals(SecStatus.SEC_E_SECPKG_NOT_FOUND, h.sspi.querySecurityPackageInfo("Digest", info));
    }

    @Test
    void lifespan_startFromTheSspisClock() {
        java.time.Instant opened = java.time.Instant.parse("2026-01-02T03:04:05Z");
        Harness fixed = new Harness(
                2,
                org.jnegotiate.config.NegotiateConfig.defaults(),
                java.time.Clock.fixed(opened, java.time.ZoneOffset.UTC));
        CtxtHandle[] p = fixed.establish("Negotiate", SPN, REQ, 0);
        for (CtxtHandle side : p) {
            SecPkgContext.Lifespan life = new SecPkgContext.Lifespan();
            assertEquals(SecStatus.SEC_E_OK, fixed.sspi.queryContextAttributes(side, Sspi.SECPKG_ATTR_LIFESPAN, life));
            assertEquals(opened, life.tsStart.instant(), "the first call's time, on the SSPI's clock");
        }
    }

    @Test
    void queryContextAttributes_everySupportedAttribute() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ | IscReq.ISC_REQ_ALLOCATE_MEMORY, 0);
        SecPkgContext.Sizes sizes = new SecPkgContext.Sizes();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_SIZES, sizes));
        assertEquals(65536, sizes.cbMaxToken);
        assertEquals(FakeMechanism.OVERHEAD, sizes.cbSecurityTrailer);
        assertTrue(sizes.cbMaxSignature >= FakeMechanism.MIC_SIZE);
        assertEquals(1, sizes.cbBlockSize);

        SecPkgContext.Names names = new SecPkgContext.Names();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[1], Sspi.SECPKG_ATTR_NAMES, names));
        assertEquals("defaultuser@FAKE", names.sUserName);

        SecPkgContext.NativeNames nn = new SecPkgContext.NativeNames();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_NATIVE_NAMES, nn));
        assertEquals("defaultuser@FAKE", nn.sClientName);
        assertEquals(SPN, nn.sServerName);

        SecPkgContext.Lifespan life = new SecPkgContext.Lifespan();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_LIFESPAN, life));
        assertTrue(life.tsStart.instant().isBefore(life.tsExpiry.instant()));

        SecPkgContext.SessionKey key = new SecPkgContext.SessionKey();
        SecPkgContext.SessionKey key2 = new SecPkgContext.SessionKey();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_SESSION_KEY, key));
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[1], Sspi.SECPKG_ATTR_SESSION_KEY, key2));
        assertEquals(16, key.SessionKeyLength);
        assertArrayEquals(key.SessionKey, key2.SessionKey);
        assertFalse(key.toString().contains(String.valueOf(key.SessionKey[0]))
                && key.toString().length() > 40);
        key.clear();
        assertArrayEquals(new byte[16], key.SessionKey);

        SecPkgContext.PackageInfo pi = new SecPkgContext.PackageInfo();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_PACKAGE_INFO, pi));
        assertEquals("Negotiate", pi.PackageInfo.Name);

        SecPkgContext.NegotiationInfo ni = new SecPkgContext.NegotiationInfo();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_NEGOTIATION_INFO, ni));
        assertEquals(Sspi.SECPKG_NEGOTIATION_COMPLETE, ni.NegotiationState);

        SecPkgContext.Flags flags = new SecPkgContext.Flags();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_FLAGS, flags));
        assertEquals(
                IscRet.ISC_RET_MUTUAL_AUTH
                        | IscRet.ISC_RET_CONFIDENTIALITY
                        | IscRet.ISC_RET_INTEGRITY
                        | IscRet.ISC_RET_ALLOCATED_MEMORY,
                flags.Flags);
    }

    @Test
    void queryContextAttributes_wrongHolder_unknownAttribute_notNegotiate() {
        CtxtHandle[] p = h.establish("Kerberos", SPN, REQ, 0);
        assertEquals(
                SecStatus.SEC_E_INVALID_PARAMETER,
                h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_SIZES, new SecPkgContext.Flags()));
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                h.sspi.queryContextAttributes(p[0], 3, new SecPkgContext.Flags()));
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                h.sspi.queryContextAttributes(
                        p[0], Sspi.SECPKG_ATTR_NEGOTIATION_INFO, new SecPkgContext.NegotiationInfo()));
    }

    @Test
    void queryContextAttributes_beforeEstablished_negotiationInProgress_sizesUnavailable() {
        CredHandle c = h.creds("Negotiate", Sspi.SECPKG_CRED_OUTBOUND);
        CtxtHandle client = new CtxtHandle();
        h.isc(c, client, SPN, REQ, null, Harness.out(), new IntByReference(), null);
        SecPkgContext.NegotiationInfo ni = new SecPkgContext.NegotiationInfo();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(client, Sspi.SECPKG_ATTR_NEGOTIATION_INFO, ni));
        assertEquals(Sspi.SECPKG_NEGOTIATION_IN_PROGRESS, ni.NegotiationState);
        assertEquals(
                SecStatus.SEC_E_INVALID_HANDLE,
                h.sspi.queryContextAttributes(client, Sspi.SECPKG_ATTR_SIZES, new SecPkgContext.Sizes()));
    }

    @Test
    void timeStamp_localFileTime_andNever() {
        TimeStamp t = new TimeStamp();
        assertTrue(t.isNever());
        assertEquals(TimeStamp.NEVER_QUAD, t.getQuadPart());
        t.setZone(java.time.ZoneOffset.UTC);
        t.set(java.time.Instant.parse("1970-01-01T00:00:00Z"));
        assertEquals(116_444_736_000_000_000L, t.getQuadPart());
        t.setZone(java.time.ZoneOffset.ofHours(2));
        assertEquals(116_444_736_000_000_000L + 2 * 3600 * 10_000_000L, t.getQuadPart(), "local time, as Windows");
    }

    @Test
    void secStatus_valuesOfTheSeed() {
        assertEquals(0x00090312, SecStatus.SEC_I_CONTINUE_NEEDED);
        assertEquals(0x80090308, SecStatus.SEC_E_INVALID_TOKEN);
        assertEquals(0x8009035D, SecStatus.SEC_E_INVALID_PARAMETER);
        assertEquals("SEC_E_WRONG_PRINCIPAL", SecStatus.name(0x80090322));
        assertEquals("0x12345678", SecStatus.name(0x12345678));
        for (org.jnegotiate.mech.Failure f : org.jnegotiate.mech.Failure.values()) {
            assertFalse(SecStatus.name(f.sspiStatus()).startsWith("0x"), "SecStatus names " + f);
        }
    }
}
