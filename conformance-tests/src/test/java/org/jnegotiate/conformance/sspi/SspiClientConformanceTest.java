package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.IscRet;
import org.jnegotiate.sspi.SecPkgContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SSPI door as a client (InitializeSecurityContext loop; packages Negotiate, Kerberos and NTLM) against every
 * acceptor the GSS door meets: SunJGSS (Kerberos and SPNEGO, in this JVM) and MIT GSS-API with gss-ntlmssp (krb5,
 * SPNEGO choosing Kerberos, SPNEGO choosing NTLM, raw NTLM). Each check: the exact sequence of SECURITY_STATUS
 * values, the final ISC_RET attributes against what the mechanism grants, what the acceptor saw, then
 * EncryptMessage/DecryptMessage and MakeSignature/VerifySignature against the peer's wrap/unwrap/getMIC/verifyMIC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SspiClientConformanceTest {
    static final int REQ = IscReq.ISC_REQ_MUTUAL_AUTH
            | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_SEQUENCE_DETECT
            | IscReq.ISC_REQ_CONFIDENTIALITY
            | IscReq.ISC_REQ_INTEGRITY
            | IscReq.ISC_REQ_ALLOCATE_MEMORY;
    /** Kerberos with mutual authentication grants every request. */
    static final int KERBEROS_RET = IscRet.ISC_RET_MUTUAL_AUTH
            | IscRet.ISC_RET_REPLAY_DETECT
            | IscRet.ISC_RET_SEQUENCE_DETECT
            | IscRet.ISC_RET_CONFIDENTIALITY
            | IscRet.ISC_RET_INTEGRITY
            | IscRet.ISC_RET_ALLOCATED_MEMORY;
    /** NTLM grants all but MUTUAL_AUTH: the server never proves itself. */
    static final int NTLM_RET = KERBEROS_RET & ~IscRet.ISC_RET_MUTUAL_AUTH;

    static final List<String> TWO_LEGS = List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK");
    /** SPNEGO(NTLM): the AUTHENTICATE message goes with a mechListMIC, and the server's mechListMIC comes back. */
    static final List<String> THREE_LEGS = List.of("SEC_I_CONTINUE_NEEDED", "SEC_I_CONTINUE_NEEDED", "SEC_E_OK");

    static final String NTLM_OID = "1.3.6.1.4.1.311.2.2.10";
    static final byte[] SPNEGO_OID_TLV = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    static final byte[] KRB5_OID_TLV = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02
    };

    SspiRealm realm;

    @BeforeAll
    void startRealm() {
        realm = SspiRealm.start();
    }

    @AfterAll
    void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    // ---- SunJGSS ----

    @Test
    void kerberosPackage_sunJgssKerberosAcceptor_twoLegsMutualMessagesBothWays() throws Exception {
        Subject service = realm.sunJgssLogin(false);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);
        try (SspiEndpoint client = kerberosClient("Kerberos")) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor, service));

            assertEquals(TWO_LEGS, client.statuses());
            assertAttributes(KERBEROS_RET, client);
            assertFramedAs(KRB5_OID_TLV, client.tokens().get(0));
            assertEquals(SunJgss.KRB5, acceptor.getMech());
            assertEquals(realm.principal(SspiRealm.USER), acceptor.getSrcName().toString());
            assertTrue(acceptor.getMutualAuthState() && acceptor.getConfState());
            SspiMessages.assertBothWays(client, GssSide.of(acceptor, service), true);
        }
    }

    @Test
    void negotiatePackage_sunJgssSpnegoAcceptor_kerberosTwoLegsMessagesBothWays() throws Exception {
        Subject service = realm.sunJgssLogin(false);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);
        try (SspiEndpoint client = kerberosClient("Negotiate")) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor, service));

            assertEquals(TWO_LEGS, client.statuses());
            assertAttributes(KERBEROS_RET, client);
            assertFramedAs(SPNEGO_OID_TLV, client.tokens().get(0));
            assertEquals(SunJgss.KRB5, acceptor.getMech(), "SunJGSS's SPNEGO reports the negotiated mechanism");
            assertEquals(realm.principal(SspiRealm.USER), acceptor.getSrcName().toString());
            assertNegotiated("Kerberos", client);
            SspiMessages.assertBothWays(client, GssSide.of(acceptor, service), true);
        }
    }

    // ---- MIT GSS-API ----

    @Test
    void kerberosPackage_mitKrb5Acceptor_twoLegsSameKeyMessagesBothWays() throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.KRB5).start();
                SspiEndpoint client = kerberosClient("Kerberos")) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));

            assertEquals(TWO_LEGS, client.statuses());
            assertAttributes(KERBEROS_RET, client);
            GssPeer.Info info = acceptor.info();
            assertEquals(SunJgss.KRB5.toString(), info.mech());
            assertEquals(Optional.of(realm.principal(SspiRealm.USER)), info.initiator());
            assertTrue(
                    info.flags().containsAll(List.of("mutual", "conf", "integ", "replay", "sequence")),
                    info.flags().toString());
            assertSameSessionKey(client, acceptor);
            SspiMessages.assertBothWays(client, GssSide.of(acceptor), true);
        }
    }

    @Test
    void negotiatePackage_mitSpnegoAcceptor_kerberosTwoLegsMessagesBothWays() throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.SPNEGO).start();
                SspiEndpoint client = kerberosClient("Negotiate")) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));

            assertEquals(TWO_LEGS, client.statuses());
            assertAttributes(KERBEROS_RET, client);
            GssPeer.Info info = acceptor.info();
            assertEquals(SunJgss.KRB5.toString(), info.mech(), "MIT reports the mechanism SPNEGO chose");
            assertEquals(Optional.of(realm.principal(SspiRealm.USER)), info.initiator());
            assertNegotiated("Kerberos", client);
            assertSameSessionKey(client, acceptor);
            SspiMessages.assertBothWays(client, GssSide.of(acceptor), true);
        }
    }

    @Test
    void negotiatePackageNtlmOnly_mitSpnegoAcceptor_ntlmWithMechListMicLeg() throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.SPNEGO).start();
                SspiEndpoint client = ntlmClient(realm.ntlmOnlySspi(), "Negotiate")) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));

            assertEquals(THREE_LEGS, client.statuses());
            assertAttributes(NTLM_RET, client);
            GssPeer.Info info = acceptor.info();
            assertEquals(NTLM_OID, info.mech());
            assertEquals(Optional.of(SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER + "\0"), info.initiator());
            assertNegotiated("NTLM", client);
            assertSameSessionKey(client, acceptor);
            SspiMessages.assertBothWays(client, GssSide.of(acceptor), false);
        }
    }

    @Test
    void ntlmPackage_mitRawNtlmAcceptor_continueThenOkWithFinalToken() throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.NTLM).start();
                SspiEndpoint client = ntlmClient(realm.sspi(), "NTLM")) {
            SspiEndpoint.Leg negotiate = client.step(null);
            assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, negotiate.status());
            assertEquals(
                    IscRet.ISC_RET_ALLOCATED_MEMORY, negotiate.attributes(), "only non-security bits before the end");
            GssPeer.Step challenge = acceptor.step(negotiate.token());
            SspiEndpoint.Leg authenticate = client.step(challenge.token());
            assertEquals(SecStatus.SEC_E_OK, authenticate.status());
            assertEquals(3, authenticate.token()[8], "SEC_E_OK with the AUTHENTICATE_MESSAGE still to send");
            GssPeer.Step done = acceptor.step(authenticate.token());
            assertTrue(done.complete() && !done.hasToken());

            assertEquals(TWO_LEGS, client.statuses());
            assertAttributes(NTLM_RET, client);
            assertEquals(
                    Optional.of(SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER + "\0"),
                    acceptor.info().initiator());
            assertSameSessionKey(client, acceptor);
            SspiMessages.assertBothWays(client, GssSide.of(acceptor), false);
        }
    }

    // ---- helpers ----

    SspiEndpoint kerberosClient(String pkg) {
        return SspiEndpoint.client(
                realm.sspi(),
                pkg,
                new SecWinntAuthIdentity(SspiRealm.USER, realm.kdc.realm(), SspiRealm.PASSWORD.toCharArray()),
                SspiRealm.SPN,
                REQ);
    }

    static SspiEndpoint ntlmClient(Sspi sspi, String pkg) {
        return SspiEndpoint.client(
                sspi,
                pkg,
                new SecWinntAuthIdentity(SspiRealm.USER, SspiRealm.NTLM_DOMAIN, SspiRealm.PASSWORD.toCharArray()),
                SspiRealm.SPN,
                REQ);
    }

    /** The final pfContextAttr is exactly {@code expected}; SECPKG_ATTR_FLAGS agrees; the expiry is ahead. */
    static void assertAttributes(int expected, SspiEndpoint client) {
        assertEquals(Bits.iscRet(expected), Bits.iscRet(client.attributes()), "final ISC_RET");
        assertEquals(Bits.iscRet(client.attributes()), Bits.iscRet(Bits.queriedFlags(client)), "SECPKG_ATTR_FLAGS");
        assertTrue(
                client.expiry().isNever() || client.expiry().instant().isAfter(Instant.now()),
                "expiry " + client.expiry());
    }

    /** An RFC 2743 InitialContextToken of the mechanism whose DER OID is {@code oidTlv}. */
    static void assertFramedAs(byte[] oidTlv, byte[] token) {
        assertEquals(0x60, token[0] & 0xff, "not an RFC 2743 framed token");
        int offset = 2 + ((token[1] & 0x80) == 0 ? 0 : token[1] & 0x7f);
        assertArrayEquals(oidTlv, java.util.Arrays.copyOfRange(token, offset, offset + oidTlv.length));
    }

    static void assertNegotiated(String pkg, SspiEndpoint e) {
        SecPkgContext.NegotiationInfo ni = new SecPkgContext.NegotiationInfo();
        assertEquals(
                SecStatus.SEC_E_OK, e.sspi.queryContextAttributes(e.context, Sspi.SECPKG_ATTR_NEGOTIATION_INFO, ni));
        assertEquals(pkg, ni.PackageInfo.Name);
        assertEquals(Sspi.SECPKG_NEGOTIATION_COMPLETE, ni.NegotiationState);
    }

    static void assertSameSessionKey(SspiEndpoint e, GssPeer peer) {
        SecPkgContext.SessionKey key = new SecPkgContext.SessionKey();
        assertEquals(SecStatus.SEC_E_OK, e.sspi.queryContextAttributes(e.context, Sspi.SECPKG_ATTR_SESSION_KEY, key));
        assertArrayEquals(peer.sessionKey().key(), key.SessionKey, "SECPKG_ATTR_SESSION_KEY against the peer's key");
    }
}
