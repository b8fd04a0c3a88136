package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.sspi.AscReq;
import org.jnegotiate.sspi.AscRet;
import org.jnegotiate.sspi.SecPkgContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.Sspi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GSS-API clients against the SSPI door as a server (AcceptSecurityContext loop): SunJGSS's Kerberos and SPNEGO
 * initiators, MIT GSS-API's krb5, SPNEGO(krb5), SPNEGO(NTLM) and raw NTLM initiators (gss-ntlmssp), and JNegotiate's
 * own GSS door. Each check: the server's exact status sequence, the final ASC_RET attributes, the client's name as
 * SECPKG_ATTR_NAMES gives it, then messages both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SspiServerConformanceTest {
    static final int ASC_REQ = AscReq.ASC_REQ_MUTUAL_AUTH
            | AscReq.ASC_REQ_REPLAY_DETECT
            | AscReq.ASC_REQ_SEQUENCE_DETECT
            | AscReq.ASC_REQ_CONFIDENTIALITY
            | AscReq.ASC_REQ_INTEGRITY
            | AscReq.ASC_REQ_ALLOCATE_MEMORY;
    /** A Kerberos client asking for everything (mutual included) is granted everything. */
    static final int KERBEROS_RET = AscRet.ASC_RET_MUTUAL_AUTH
            | AscRet.ASC_RET_REPLAY_DETECT
            | AscRet.ASC_RET_SEQUENCE_DETECT
            | AscRet.ASC_RET_CONFIDENTIALITY
            | AscRet.ASC_RET_INTEGRITY
            | AscRet.ASC_RET_ALLOCATED_MEMORY;
    /** NTLM: no mutual authentication, whatever the client asked. */
    static final int NTLM_RET = KERBEROS_RET & ~AscRet.ASC_RET_MUTUAL_AUTH;

    /** Kerberos with mutual authentication: the AP-REQ in, SEC_E_OK with the AP-REP out. */
    static final List<String> ONE_LEG = List.of("SEC_E_OK");
    /** NTLM: NEGOTIATE in / CHALLENGE out, then AUTHENTICATE in / SEC_E_OK. */
    static final List<String> TWO_LEGS = List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK");

    SspiRealm realm;
    String alice;

    @BeforeAll
    void startRealm() {
        realm = SspiRealm.start();
        alice = realm.principal(SspiRealm.USER);
    }

    @AfterAll
    void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    // ---- SunJGSS ----

    @Test
    void sunJgssKerberosInitiator_kerberosServer_oneLegMutualMessagesBothWays() throws Exception {
        Subject user = realm.sunJgssLogin(true);
        GSSContext initiator = requestAll(SunJgss.manager(), SunJgss.KRB5);
        try (SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Kerberos", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator, user), server);

            assertEquals(ONE_LEG, server.statuses());
            assertServer(KERBEROS_RET, alice, server);
            assertTrue(initiator.getMutualAuthState() && initiator.getConfState());
            SspiMessages.assertBothWays(server, GssSide.of(initiator, user), true);
        }
    }

    @Test
    void sunJgssSpnegoInitiator_negotiateServer_kerberosOneLegMessagesBothWays() throws Exception {
        Subject user = realm.sunJgssLogin(true);
        GSSContext initiator = requestAll(SunJgss.manager(), SunJgss.SPNEGO);
        try (SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Negotiate", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator, user), server);

            assertEquals(ONE_LEG, server.statuses());
            assertServer(KERBEROS_RET, alice, server);
            SspiClientConformanceTest.assertNegotiated("Kerberos", server);
            SspiMessages.assertBothWays(server, GssSide.of(initiator, user), true);
        }
    }

    // ---- MIT GSS-API and gss-ntlmssp ----

    @Test
    void mitKrb5Initiator_kerberosServer_oneLegSameKeyMessagesBothWays() throws Exception {
        try (GssPeer initiator = realm.mitInitiator(GssPeer.Mech.KRB5, false).start();
                SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Kerberos", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator), server);

            assertEquals(ONE_LEG, server.statuses());
            assertServer(KERBEROS_RET, alice, server);
            assertTrue(initiator.info().flags().contains("mutual"));
            SspiClientConformanceTest.assertSameSessionKey(server, initiator);
            SspiMessages.assertBothWays(server, GssSide.of(initiator), true);
        }
    }

    @Test
    void mitSpnegoKerberosInitiator_negotiateServer_oneLegMessagesBothWays() throws Exception {
        try (GssPeer initiator = realm.mitCcacheInitiator(GssPeer.Mech.SPNEGO).start();
                SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Negotiate", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator), server);

            assertEquals(ONE_LEG, server.statuses());
            assertServer(KERBEROS_RET, alice, server);
            SspiClientConformanceTest.assertNegotiated("Kerberos", server);
            assertEquals(SunJgss.KRB5.toString(), initiator.info().mech());
            SspiClientConformanceTest.assertSameSessionKey(server, initiator);
            SspiMessages.assertBothWays(server, GssSide.of(initiator), true);
        }
    }

    @Test
    void mitSpnegoNtlmInitiator_negotiateServer_ntlmTwoLegsWithMechListMic() throws Exception {
        try (GssPeer initiator = realm.mitInitiator(GssPeer.Mech.SPNEGO, true).start();
                SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Negotiate", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator), server);

            assertEquals(TWO_LEGS, server.statuses());
            assertServer(NTLM_RET, SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER, server);
            SspiClientConformanceTest.assertNegotiated("NTLM", server);
            assertEquals(SspiClientConformanceTest.NTLM_OID, initiator.info().mech());
            SspiClientConformanceTest.assertSameSessionKey(server, initiator);
            SspiMessages.assertBothWays(server, GssSide.of(initiator), false);
        }
    }

    @Test
    void mitRawNtlmInitiator_ntlmServer_twoLegsMessagesBothWays() throws Exception {
        try (GssPeer initiator = realm.mitInitiator(GssPeer.Mech.NTLM, true).start();
                SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "NTLM", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator), server);

            assertEquals(TWO_LEGS, server.statuses());
            assertServer(NTLM_RET, SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER, server);
            SspiClientConformanceTest.assertSameSessionKey(server, initiator);
            SspiMessages.assertBothWays(server, GssSide.of(initiator), false);
        }
    }

    @Test
    void mitRawNtlmInitiator_negotiateServer_acceptsRawNtlmssp() throws Exception {
        try (GssPeer initiator = realm.mitInitiator(GssPeer.Mech.NTLM, true).start();
                SspiEndpoint server = SspiEndpoint.server(realm.sspi(), "Negotiate", ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator), server);

            assertEquals(TWO_LEGS, server.statuses());
            assertTrue(
                    new String(server.tokens().get(0), 0, 7, java.nio.charset.StandardCharsets.US_ASCII)
                            .equals("NTLMSSP"),
                    "the CHALLENGE goes back raw, as it came");
            assertServer(NTLM_RET, SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER, server);
            SspiClientConformanceTest.assertNegotiated("NTLM", server);
            SspiMessages.assertBothWays(server, GssSide.of(initiator), false);
        }
    }

    // ---- JNegotiate's GSS door ----

    @Test
    void gssDoorKerberosInitiator_kerberosServer_oneLegMessagesBothWays() throws Exception {
        checkGssDoor(SunJgss.KRB5, "Kerberos");
    }

    @Test
    void gssDoorSpnegoInitiator_negotiateServer_oneLegMessagesBothWays() throws Exception {
        checkGssDoor(SunJgss.SPNEGO, "Negotiate");
    }

    private void checkGssDoor(Oid mech, String pkg) throws Exception {
        JNegotiateProvider provider = new JNegotiateProvider();
        assertTrue(provider.gssMechanismsRegistered(), "JNegotiate registered no GSS mechanism");
        GSSManager manager = GSSManager.getInstance();
        manager.addProviderAtFront(provider, mech);
        KerberosPrincipal principal = new KerberosPrincipal(alice);
        Subject user = new Subject();
        user.getPrincipals().add(principal);
        user.getPrivateCredentials().add(KeyTab.getInstance(principal, realm.userKeytab.toFile()));
        GSSContext initiator = requestAll(manager, mech);
        try (SspiEndpoint server = SspiEndpoint.server(realm.sspi(), pkg, ASC_REQ)) {
            SspiExchange.peerToServer(GssSide.of(initiator, user), server);

            assertEquals(ONE_LEG, server.statuses());
            assertServer(KERBEROS_RET, alice, server);
            assertTrue(initiator.getMutualAuthState());
            SspiMessages.assertBothWays(server, GssSide.of(initiator, user), true);
        }
    }

    // ---- helpers ----

    private static GSSContext requestAll(GSSManager manager, Oid mech) throws GSSException {
        GSSName target = manager.createName(SspiRealm.HOSTBASED, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = manager.createContext(target, mech, null, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);
        context.requestConf(true);
        context.requestInteg(true);
        context.requestReplayDet(true);
        context.requestSequenceDet(true);
        return context;
    }

    /** Final ASC_RET exactly {@code expected} (and SECPKG_ATTR_FLAGS agrees); SECPKG_ATTR_NAMES is the client. */
    static void assertServer(int expected, String client, SspiEndpoint server) {
        assertEquals(Bits.ascRet(expected), Bits.ascRet(server.attributes()), "final ASC_RET");
        assertEquals(Bits.ascRet(server.attributes()), Bits.ascRet(Bits.queriedFlags(server)), "SECPKG_ATTR_FLAGS");
        SecPkgContext.Names names = new SecPkgContext.Names();
        assertEquals(
                SecStatus.SEC_E_OK, server.sspi.queryContextAttributes(server.context, Sspi.SECPKG_ATTR_NAMES, names));
        assertEquals(client, names.sUserName);
    }
}
