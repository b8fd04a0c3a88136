package org.jnegotiate.conformance.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.jgss.ExtendedGSSCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.ExternalCommand;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.gss.GssPac;
import org.jnegotiate.krb5.pac.KerbValidationInfo;
import org.jnegotiate.krb5.pac.Sid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Constrained delegation (MS-SFU) against the AD DC, with the JDK's API shape: a front service logs in with its
 * own key, {@code ExtendedGSSCredential.impersonate(user)} (S4U2self), then initiates to a back service as the user
 * (S4U2proxy). The back service sees the user, and the user's PAC (the KDC's, not the front service's).
 * <ul>
 * <li>classic: the front account has protocol transition ({@code samba-tool delegation for-any-protocol}) and the
 *     back service in msDS-AllowedToDelegateTo ({@code delegation add-service});</li>
 * <li>resource-based: the target account lists the front service in msDS-AllowedToActOnBehalfOfOtherIdentity
 *     ({@code delegation add-principal}), which this DC refuses to JNegotiate and to MIT's client alike;</li>
 * <li>a service neither allows: the KDC refuses S4U2proxy, and the initiator fails naming it.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdConstrainedDelegationConformanceTest {
    static final String USER = "s4uuser";
    static final String FRONT = "s4ufront";
    static final String BACK_SPN = "HTTP/back." + SambaAdDc.DNS_DOMAIN;
    static final String RBCD_SPN = "HTTP/rbcd." + SambaAdDc.DNS_DOMAIN;
    static final String OTHER_SPN = "HTTP/other." + SambaAdDc.DNS_DOMAIN;

    private AdRealm realm;
    private Path frontKeytab;
    private Path backKeytab;
    private Sid userSid;

    @BeforeAll
    void accounts() {
        realm = new AdRealm();
        SambaAdDc dc = realm.dc;
        dc.addUser(USER, "S4u-user-Passw0rd");
        dc.addServiceAccount(FRONT, "S4u-front-Passw0rd", true, "HTTP/front." + SambaAdDc.DNS_DOMAIN);
        dc.addServiceAccount("s4uback", "S4u-back-Passw0rd", true, BACK_SPN);
        dc.addServiceAccount("s4urbcd", "S4u-rbcd-Passw0rd", true, RBCD_SPN);
        dc.addServiceAccount("s4uother", "S4u-other-Passw0rd", true, OTHER_SPN);
        dc.samba("delegation", "for-any-protocol", FRONT, "on");
        dc.samba("delegation", "add-service", FRONT, BACK_SPN);
        dc.samba("delegation", "add-principal", "s4urbcd", FRONT);
        frontKeytab = realm.keytab("s4ufront.keytab", FRONT);
        backKeytab = realm.keytab("s4uback.keytab", BACK_SPN);
        userSid = Sid.parse(dc.sid(USER));
    }

    @Test
    void classic_jnegotiateImpersonates_jnegotiateBackServiceSeesTheUserAndHerPac() throws Exception {
        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        establishAsUser(BACK_SPN, acceptor, realm.keytabSubject(BACK_SPN, backKeytab));
        assertEquals(realm.principal(USER), acceptor.getSrcName().toString());
        KerbValidationInfo logon = GssPac.of(acceptor).orElseThrow().logonInfo().orElseThrow();
        assertEquals(USER, logon.effectiveName());
        assertEquals(userSid, logon.userSid());
    }

    @Test
    void classic_jnegotiateImpersonates_sunJgssBackService() throws Exception {
        Subject back = SunJgss.login(realm.dc, realm.principal(BACK_SPN), backKeytab, false);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);
        establishAsUser(BACK_SPN, acceptor, back);
        assertEquals(realm.principal(USER), acceptor.getSrcName().toString());
    }

    /**
     * Resource-based delegation is configured (the target lists the front service), and the Samba 4.17 of Debian 12
     * (its KDC is Heimdal's) refuses it with KDC_ERR_BADOPTION: to JNegotiate and to MIT's own client ({@code kvno
     * -U user -P target}) alike. So this DC cannot show RBCD working; the test pins that both clients are refused
     * the same way, so that a newer DC that grants it makes this test fail and be turned into a positive one.
     */
    @Test
    void resourceBased_thisSambaRefusesIt_toJnegotiateAndToMitAlike() throws Exception {
        GSSException e = refusedAsUser(RBCD_SPN);
        assertEquals(GSSException.UNAUTHORIZED, e.getMajor());
        assertTrue(
                e.getMinorString()
                        .contains("the KDC refused the S4U2proxy for " + realm.principal(USER) + " to " + RBCD_SPN),
                e.getMinorString());

        Map<String, String> env = new HashMap<>(realm.dc.clientEnvironment());
        env.put("KRB5CCNAME", "FILE:" + realm.dc.directory().resolve("s4u-mit-" + System.nanoTime()));
        CommandResult kinit = ExternalCommand.run(
                List.of("kinit", "-k", "-t", frontKeytab.toString(), realm.principal(FRONT)),
                env,
                Duration.ofSeconds(30));
        assertEquals(0, kinit.exitCode(), kinit.describe());
        CommandResult kvno =
                ExternalCommand.run(List.of("kvno", "-U", USER, "-P", RBCD_SPN), env, Duration.ofSeconds(30));
        assertTrue(kvno.stderr().contains("KDC can't fulfill requested option"), kvno.describe());
    }

    @Test
    void notAllowed_s4u2proxyRefusedByTheKdc() throws Exception {
        GSSException e = refusedAsUser(OTHER_SPN);
        assertEquals(GSSException.UNAUTHORIZED, e.getMajor());
        assertTrue(
                e.getMinorString()
                        .contains("the KDC refused the S4U2proxy for " + realm.principal(USER) + " to "
                                + OTHER_SPN + "@" + SambaAdDc.REALM
                                + " (KDC_ERR_BADOPTION): neither does the account of "
                                + realm.principal(FRONT) + " list"),
                e.getMinorString());
    }

    @Test
    void impersonatedCredential_namesTheUser_initiateOnly() throws Exception {
        Subject front = realm.keytabSubject(FRONT, frontKeytab);
        GSSManager m = realm.jnegotiate();
        GSSCredential asUser = impersonated(m, front);
        assertEquals(realm.principal(USER), asUser.getName().toString());
        assertEquals(GSSCredential.INITIATE_ONLY, asUser.getUsage());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private GSSCredential impersonated(GSSManager m, Subject front) throws Exception {
        return SunJgss.as(front, () -> {
            GSSCredential self = m.createCredential(
                    m.createName(realm.principal(FRONT), GSSName.NT_USER_NAME),
                    GSSCredential.DEFAULT_LIFETIME,
                    AdRealm.KRB5,
                    GSSCredential.INITIATE_ONLY);
            return ((ExtendedGSSCredential) self).impersonate(m.createName(USER, GSSName.NT_USER_NAME));
        });
    }

    /** The front service impersonates the user and initiates to {@code spn}; {@code acceptor} accepts. */
    private void establishAsUser(String spn, GSSContext acceptor, Subject acceptorSubject) throws Exception {
        Subject front = realm.keytabSubject(FRONT, frontKeytab);
        GSSManager m = realm.jnegotiate();
        GSSCredential asUser = impersonated(m, front);
        GSSContext initiator = m.createContext(
                m.createName(hostBased(spn), GSSName.NT_HOSTBASED_SERVICE),
                AdRealm.KRB5,
                asUser,
                GSSContext.DEFAULT_LIFETIME);
        initiator.requestMutualAuth(true);
        AdRealm.establish(initiator, front, acceptor, acceptorSubject);
        assertEquals(realm.principal(USER), initiator.getSrcName().toString());
    }

    /** The front service impersonates the user and initiates to {@code spn}; the failure of the first step. */
    private GSSException refusedAsUser(String spn) throws Exception {
        Subject front = realm.keytabSubject(FRONT, frontKeytab);
        GSSManager m = realm.jnegotiate();
        GSSCredential asUser = impersonated(m, front);
        GSSContext initiator = m.createContext(
                m.createName(hostBased(spn), GSSName.NT_HOSTBASED_SERVICE),
                AdRealm.KRB5,
                asUser,
                GSSContext.DEFAULT_LIFETIME);
        return assertThrows(
                GSSException.class, () -> SunJgss.as(front, () -> initiator.initSecContext(new byte[0], 0, 0)));
    }

    private static String hostBased(String spn) {
        return spn.replace('/', '@');
    }
}
