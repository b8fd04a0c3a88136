package org.jnegotiate.conformance.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.jgss.AuthorizationDataEntry;
import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.gss.GssPac;
import org.jnegotiate.krb5.pac.KerbValidationInfo;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.Sid;
import org.jnegotiate.krb5.pac.UpnDnsInfo;
import org.jnegotiate.sspi.ClientContext;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PAC of AD-issued tickets, read by JNegotiate's acceptor and asserted against what samba-tool configured:
 * the user's SID ({@code samba-tool user show}), the primary group (Domain Users, RID 513), a group the test made
 * the user a member of, the names, the UPN. Through the GSS door ({@code KRB5_GET_AUTHZ_DATA} as SunJGSS has it,
 * then {@link GssPac}) and the SSPI door ({@link ServerContext#pac()}); and SunJGSS's own KRB5_GET_AUTHZ_DATA
 * over the same kind of ticket, decoded by JNegotiate, gives the same user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdPacConformanceTest {
    static final String USER = "pacuser";
    static final String PASSWORD = "Pac-user-Passw0rd";
    static final String GROUP = "PacReaders";
    static final String SERVICE_ACCOUNT = "pacsvc";
    static final String SERVICE = "HTTP/pac." + SambaAdDc.DNS_DOMAIN;
    static final String TARGET = "HTTP@pac." + SambaAdDc.DNS_DOMAIN;

    private AdRealm realm;
    private Path userKeytab;
    private Path serviceKeytab;
    private Sid userSid;
    private Sid groupSid;
    private Sid domainSid;

    @BeforeAll
    void accounts() {
        realm = new AdRealm();
        SambaAdDc dc = realm.dc;
        dc.addUser(USER, PASSWORD);
        dc.samba("group", "add", GROUP);
        dc.samba("group", "addmembers", GROUP, USER);
        dc.addServiceAccount(SERVICE_ACCOUNT, "Pac-service-Passw0rd", true, SERVICE);
        userKeytab = realm.keytab("pacuser.keytab", USER);
        serviceKeytab = realm.keytab("pacsvc.keytab", SERVICE);
        userSid = Sid.parse(dc.sid(USER));
        groupSid = Sid.parse(dc.groupSid(GROUP));
        String user = userSid.toString();
        domainSid = Sid.parse(user.substring(0, user.lastIndexOf('-')));
    }

    @Test
    void jnegotiateToJnegotiate_gssDoor_pacNamesTheUserHerSidAndGroups_initiatorHasNone() throws Exception {
        GSSManager manager = realm.jnegotiate();
        GSSContext initiator = AdRealm.initiator(manager, TARGET, AdRealm.KRB5);
        GSSContext acceptor = manager.createContext((GSSCredential) null);
        AdRealm.establish(
                initiator,
                realm.keytabSubject(USER, userKeytab),
                acceptor,
                realm.keytabSubject(SERVICE, serviceKeytab));

        AuthorizationDataEntry[] entries = (AuthorizationDataEntry[])
                ((ExtendedGSSContext) acceptor).inquireSecContext(InquireType.KRB5_GET_AUTHZ_DATA);
        assertNotNull(entries, "an AD ticket has authorization data");
        assertEquals(1, entries[0].getType(), "the PAC is inside AD-IF-RELEVANT, as SunJGSS reports it");
        assertPacOfUser(GssPac.of(acceptor).orElseThrow());
        // as SunJGSS: the initiator has no authorization data to give
        GSSException e = assertThrows(
                GSSException.class,
                () -> ((ExtendedGSSContext) initiator).inquireSecContext(InquireType.KRB5_GET_AUTHZ_DATA));
        assertEquals(GSSException.UNAVAILABLE, e.getMajor());
    }

    @Test
    void sunJgssInitiator_jnegotiateAcceptor_spnego_pac() throws Exception {
        Subject user = SunJgss.login(realm.dc, realm.principal(USER), userKeytab, true);
        GSSManager sun = SunJgss.manager();
        GSSContext initiator = SunJgss.as(user, () -> AdRealm.initiator(sun, TARGET, AdRealm.SPNEGO));
        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        AdRealm.establish(initiator, user, acceptor, realm.keytabSubject(SERVICE, serviceKeytab));

        assertPacOfUser(GssPac.of(acceptor).orElseThrow());
    }

    @Test
    void jnegotiateInitiator_sunJgssAcceptor_sunJgssAuthzDataDecodesToTheSameUser() throws Exception {
        Subject service = SunJgss.login(realm.dc, realm.principal(SERVICE), serviceKeytab, false);
        GSSContext initiator = AdRealm.initiator(realm.jnegotiate(), TARGET, AdRealm.KRB5);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);
        AdRealm.establish(initiator, realm.keytabSubject(USER, userKeytab), acceptor, service);

        assertPacOfUser(GssPac.of(acceptor).orElseThrow());
    }

    @Test
    void sspiDoor_serverContextPac() throws Exception {
        JvmKrb5Conf.use(realm.dc);
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(realm.dc.krb5Conf())
                .environment(Map.of("KRB5_KTNAME", "FILE:" + serviceKeytab))
                .build();
        Engine engine = Engine.create(config);
        ClientContext client = ClientContext.builder(engine)
                .securityPackage(SecurityPackage.NEGOTIATE)
                .target(SERVICE)
                .identity(new SecWinntAuthIdentity(USER, SambaAdDc.REALM, PASSWORD.toCharArray()))
                .build();
        ServerContext server = ServerContext.builder(engine)
                .securityPackage(SecurityPackage.NEGOTIATE)
                .build();
        byte[] token = new byte[0];
        StepResult fromServer = null;
        for (int round = 0; round < 5; round++) {
            StepResult fromClient = client.step(token);
            if (!fromClient.hasToken()) {
                break;
            }
            fromServer = server.step(fromClient.token());
            if (!fromServer.continueNeeded() && !fromClient.continueNeeded()) {
                break;
            }
            token = fromServer.hasToken() ? fromServer.token() : new byte[0];
        }
        assertNotNull(fromServer);
        assertFalse(fromServer.continueNeeded(), "the server context is established");
        assertPacOfUser(server.pac().orElseThrow());
    }

    private void assertPacOfUser(Pac pac) {
        KerbValidationInfo logon = pac.logonInfo().orElseThrow(() -> new AssertionError("no logon info in " + pac));
        assertEquals(USER, logon.effectiveName());
        assertEquals(SambaAdDc.NETBIOS_DOMAIN, logon.logonDomainName());
        assertEquals("DC1", logon.logonServer());
        assertEquals(domainSid, logon.logonDomainSid());
        assertEquals(userSid, logon.userSid(), "the SID samba-tool shows for " + USER);
        assertEquals(513, logon.primaryGroupId(), "Domain Users");
        assertEquals(domainSid.withRid(513), logon.primaryGroupSid());
        List<Sid> groups = logon.groupSids();
        assertTrue(groups.contains(groupSid), GROUP + " " + groupSid + " in " + groups);
        assertTrue(groups.contains(domainSid.withRid(513)), "Domain Users in " + groups);
        assertEquals(USER, pac.clientInfo().orElseThrow().name());
        UpnDnsInfo upn = pac.upnDnsInfo().orElseThrow();
        assertEquals(USER + "@" + SambaAdDc.DNS_DOMAIN, upn.upn());
        assertEquals(
                SambaAdDc.DNS_DOMAIN.toUpperCase(java.util.Locale.ROOT),
                upn.dnsDomainName().toUpperCase(java.util.Locale.ROOT));
        assertEquals(UpnDnsInfo.EXTENDED, upn.flags(), "Samba 4.17 writes the extended form (flag S)");
        assertEquals(USER, upn.samName().orElseThrow());
        assertEquals(userSid, upn.sid().orElseThrow());
    }
}
