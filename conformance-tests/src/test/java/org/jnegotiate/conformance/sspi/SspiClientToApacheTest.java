package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.conformance.fixtures.ApacheHttpd;
import org.jnegotiate.sspi.IscRet;
import org.jnegotiate.sspi.Sspi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SSPI door as an HTTP client of Apache httpd with mod_auth_gssapi (MIT GSS-API, gss-ntlmssp): the
 * InitializeSecurityContext loop's tokens in {@code Authorization: Negotiate}, the server's in
 * {@code WWW-Authenticate: Negotiate} ({@link NegotiateHeaderLoop}), the mutual-authentication token of the 200
 * given back to InitializeSecurityContext. Checked: the status sequence, the final ISC_RET, and the user Apache
 * saw ({@code X-Remote-User}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SspiClientToApacheTest {
    SspiRealm realm;
    ApacheHttpd apache;

    @BeforeAll
    void start() {
        realm = SspiRealm.start();
        apache = ApacheHttpd.builder()
                .keytab(realm.serviceKeytab)
                .krb5Conf(realm.kdc.krb5Conf())
                .ntlmUserFile(realm.ntlmUsers)
                .start();
    }

    @AfterAll
    void stop() {
        if (apache != null) {
            apache.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void negotiatePackage_kerberos_krb5Location_200MutualTokenAccepted() throws Exception {
        checkKerberos("Negotiate", ApacheHttpd.KRB5);
    }

    @Test
    void negotiatePackage_kerberos_negotiateLocation_200MutualTokenAccepted() throws Exception {
        checkKerberos("Negotiate", ApacheHttpd.NEGOTIATE);
    }

    @Test
    void kerberosPackage_bareKerberosInNegotiateHeader_200MutualTokenAccepted() throws Exception {
        checkKerberos("Kerberos", ApacheHttpd.KRB5);
    }

    @Test
    void negotiatePackageNtlmOnly_ntlmLocation_threeCallsWithMechListMic() throws Exception {
        checkNtlm(realm.ntlmOnlySspi(), "Negotiate", ApacheHttpd.NTLM, SspiClientConformanceTest.THREE_LEGS);
    }

    @Test
    void negotiatePackageNtlmOnly_negotiateLocation_threeCallsWithMechListMic() throws Exception {
        checkNtlm(realm.ntlmOnlySspi(), "Negotiate", ApacheHttpd.NEGOTIATE, SspiClientConformanceTest.THREE_LEGS);
    }

    @Test
    void ntlmPackage_rawNtlmsspInNegotiateHeader_ntlmLocation_200() throws Exception {
        checkNtlm(realm.sspi(), "NTLM", ApacheHttpd.NTLM, SspiClientConformanceTest.TWO_LEGS);
    }

    private void checkKerberos(String pkg, String location) throws Exception {
        try (SspiEndpoint client =
                SspiEndpoint.client(realm.sspi(), pkg, identity(false), SspiRealm.SPN, SspiClientConformanceTest.REQ)) {
            HttpResponse<String> ok = exchange(client, location);

            assertEquals(200, ok.statusCode(), apache.log());
            assertEquals(
                    Optional.of(realm.principal(SspiRealm.USER)), ok.headers().firstValue("X-Remote-User"));
            assertEquals(SspiClientConformanceTest.TWO_LEGS, client.statuses(), "the AP-REP of the 200 completes it");
            SspiClientConformanceTest.assertAttributes(SspiClientConformanceTest.KERBEROS_RET, client);
            if (pkg.equals("Negotiate")) {
                SspiClientConformanceTest.assertNegotiated("Kerberos", client);
            }
        }
    }

    private void checkNtlm(Sspi sspi, String pkg, String location, List<String> statuses) throws Exception {
        try (SspiEndpoint client =
                SspiEndpoint.client(sspi, pkg, identity(true), SspiRealm.SPN, SspiClientConformanceTest.REQ)) {
            HttpResponse<String> ok = exchange(client, location);

            assertEquals(200, ok.statusCode(), apache.log());
            assertEquals(statuses, client.statuses());
            assertEquals(
                    Optional.of(SspiRealm.NTLM_DOMAIN + "\\" + SspiRealm.USER),
                    ok.headers().firstValue("X-Remote-User"));
            SspiClientConformanceTest.assertAttributes(SspiClientConformanceTest.NTLM_RET, client);
            assertEquals(0, client.attributes() & IscRet.ISC_RET_MUTUAL_AUTH);
        }
    }

    /** The header loop; a token on the final response goes back to InitializeSecurityContext, which must end. */
    private HttpResponse<String> exchange(SspiEndpoint client, String location) throws Exception {
        SspiEndpoint.Leg[] last = new SspiEndpoint.Leg[1];
        HttpResponse<String> response = new NegotiateHeaderLoop()
                .authenticate(URI.create("http://127.0.0.1:" + apache.port() + location + ApacheHttpd.RESOURCE), in -> {
                    last[0] = client.step(in);
                    SspiExchange.requireSuccess(client, last[0]);
                    return last[0].token();
                });
        Optional<byte[]> finalToken = NegotiateHeaderLoop.negotiateToken(response);
        if (last[0].continueNeeded()) {
            assertTrue(
                    finalToken.isPresent(), "SEC_I_CONTINUE_NEEDED but the " + response.statusCode() + " has no token");
            SspiEndpoint.Leg end = client.step(finalToken.get());
            SspiExchange.requireSuccess(client, end);
            assertTrue(
                    end.ok() && end.token().length == 0,
                    "the server's last token ends the exchange: " + client.statuses());
        }
        return response;
    }

    private org.jnegotiate.sspi.SecWinntAuthIdentity identity(boolean ntlm) {
        return new org.jnegotiate.sspi.SecWinntAuthIdentity(
                SspiRealm.USER, ntlm ? SspiRealm.NTLM_DOMAIN : realm.kdc.realm(), SspiRealm.PASSWORD.toCharArray());
    }
}
