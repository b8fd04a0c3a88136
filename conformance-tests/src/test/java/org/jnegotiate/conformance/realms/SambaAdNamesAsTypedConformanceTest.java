package org.jnegotiate.conformance.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * User names as Active Directory users type them, against the Samba AD DC (issue 13 item 4, where
 * {@code alice@ad.example.test} was measured failing with "no KDC known for realm ad.example.test"): the UPN with
 * the DNS domain in lower case is sent as an enterprise name (NT-ENTERPRISE, canonicalize) to the realm it maps to,
 * and a UPN whose prefix is not the account name logs on as the account the DC names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdNamesAsTypedConformanceTest {
    static final String USER = "upnuser";
    static final String RENAMED = "upnrenamed";
    static final String RENAMED_UPN = "r.named@" + SambaAdDc.DNS_DOMAIN;
    static final String PASSWORD = "Upn-user-Passw0rd";
    static final String SERVICE_ACCOUNT = "upnsvc";
    static final String HOST = "upn." + SambaAdDc.DNS_DOMAIN;
    static final String SPN = "HTTP/" + HOST;

    /** [APPLICATION 10]: AS-REQ. */
    private static final byte AS_REQ_TAG = 0x6a;
    /** PrincipalName's name-type [0] INTEGER 10 (NT-ENTERPRISE). */
    private static final byte[] ENTERPRISE_NAME_TYPE = {(byte) 0xa0, 0x03, 0x02, 0x01, 0x0a};

    private SambaAdDc dc;
    private Path keytab;

    @BeforeAll
    void accounts() {
        dc = SambaAdDc.shared();
        dc.addUser(USER, PASSWORD);
        dc.addUser(RENAMED, PASSWORD);
        dc.ldbmodify("dn: CN=" + RENAMED + ",CN=Users," + SambaAdDc.BASE_DN + "\n"
                + "changetype: modify\n"
                + "replace: userPrincipalName\n"
                + "userPrincipalName: " + RENAMED_UPN + "\n");
        dc.addServiceAccount(SERVICE_ACCOUNT, PASSWORD, true, SPN);
        keytab = dc.directory().resolve("upnsvc.keytab");
        dc.exportKeytab(keytab, SPN);
    }

    @Test
    void upnWithTheDnsDomainInLowerCase_logsOnAsTheAccount_andEstablishes() throws Exception {
        EngineKerberos engine = new EngineKerberos(dc.krb5Conf());
        KerberosCredential user = (KerberosCredential) engine.login(USER + "@" + SambaAdDc.DNS_DOMAIN, PASSWORD);
        assertEquals(USER + "@" + SambaAdDc.REALM, user.client().toString());
        MechContext acceptor = engine.establish(user, "HTTP@" + HOST, keytab, dc.principal(SPN));
        assertEquals(
                USER + "@" + SambaAdDc.REALM,
                acceptor.initiatorName().orElseThrow().name());
    }

    @Test
    void upnWhosePrefixIsNotTheAccountName_theDcCanonicalizes_logsOnAsTheAccount() throws Exception {
        List<byte[]> asRequests = new ArrayList<>();
        KdcTransport network = new NetworkKdcTransport();
        KdcTransport recording = (kdc, request, tcp, timeout) -> {
            if (request.length > 0 && request[0] == AS_REQ_TAG) {
                asRequests.add(request.clone());
            }
            return network.exchange(kdc, request, tcp, timeout);
        };
        EngineKerberos engine = new EngineKerberos(dc.krb5Conf(), recording);
        KerberosCredential user = (KerberosCredential) engine.login(RENAMED_UPN, PASSWORD);
        assertEquals(
                RENAMED + "@" + SambaAdDc.REALM,
                user.client().toString(),
                "the DC answers the enterprise name with the account's own name");
        // every AS-REQ named the client as NT-ENTERPRISE (name-type [0] INTEGER 10): the DC renamed the user in
        // answer to the enterprise name itself, not to a fallback request (and the rename was accepted only because
        // the reply's PA-REQ-ENC-PA-REP verified, README "User names as Active Directory users type them")
        assertFalse(asRequests.isEmpty());
        for (byte[] request : asRequests) {
            assertTrue(latin1(request).contains(latin1(ENTERPRISE_NAME_TYPE)), "an AS-REQ without the enterprise name");
        }
        MechContext acceptor = engine.establish(user, "HTTP@" + HOST, keytab, dc.principal(SPN));
        assertEquals(
                RENAMED + "@" + SambaAdDc.REALM,
                acceptor.initiatorName().orElseThrow().name());
    }

    @Test
    void upnLogin_wrongPassword_logonDenied() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new EngineKerberos(dc.krb5Conf()).login(USER + "@" + SambaAdDc.DNS_DOMAIN, "not-" + PASSWORD));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains(USER), e.getMessage());
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
