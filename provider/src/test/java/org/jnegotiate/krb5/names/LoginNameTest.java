package org.jnegotiate.krb5.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class LoginNameTest {
    private static final String CONF = "[libdefaults]\n default_realm = AD.EXAMPLE.TEST\n"
            + "[realms]\n AD.EXAMPLE.TEST = {\n  kdc = k1\n }\n RES.EXAMPLE.TEST = {\n  kdc = k2\n }\n"
            + "[domain_realm]\n .corp.example.com = AD.EXAMPLE.TEST\n";

    private static LoginName login(String typed) throws NegotiateException {
        return LoginName.of(typed, Krb5Config.parse(CONF));
    }

    private static KerberosName principal(String user, String realm) {
        return new KerberosName(KerberosName.NT_PRINCIPAL, List.of(user), realm);
    }

    private static KerberosName enterprise(String upn, String realm) {
        return new KerberosName(KerberosName.NT_ENTERPRISE, List.of(upn), realm);
    }

    @Test
    void plainUser_defaultRealm() throws NegotiateException {
        assertEquals(new LoginName(principal("alice", "AD.EXAMPLE.TEST"), Optional.empty()), login("alice"));
    }

    @Test
    void realmAsSpelledInKrb5Conf_principalAsIs() throws NegotiateException {
        assertEquals(
                new LoginName(principal("alice", "RES.EXAMPLE.TEST"), Optional.empty()),
                login("alice@RES.EXAMPLE.TEST"));
    }

    @Test
    void upnWithTheRealmInAnotherCase_enterpriseNameAtThatRealm_accountAsFallback() throws NegotiateException {
        assertEquals(
                new LoginName(
                        enterprise("alice@ad.example.test", "AD.EXAMPLE.TEST"),
                        Optional.of(principal("alice", "AD.EXAMPLE.TEST"))),
                login("alice@ad.example.test"));
        assertEquals(
                new LoginName(
                        enterprise("bob@Res.Example.Test", "RES.EXAMPLE.TEST"),
                        Optional.of(principal("bob", "RES.EXAMPLE.TEST"))),
                login("bob@Res.Example.Test"));
    }

    @Test
    void upnWithASuffixMappedByDomainRealm_enterpriseNameWithoutFallback() throws NegotiateException {
        assertEquals(
                new LoginName(enterprise("alice@corp.example.com", "AD.EXAMPLE.TEST"), Optional.empty()),
                login("alice@corp.example.com"));
    }

    @Test
    void unknownRealm_principalAsMitReadsIt() throws NegotiateException {
        assertEquals(
                new LoginName(principal("alice", "ELSEWHERE.TEST"), Optional.empty()), login("alice@ELSEWHERE.TEST"));
        assertEquals(new LoginName(principal("alice", "nowhere.test"), Optional.empty()), login("alice@nowhere.test"));
    }

    @Test
    void mitEnterpriseSpelling_enterpriseName() throws NegotiateException {
        assertEquals(
                new LoginName(enterprise("alice@mail.test", "AD.EXAMPLE.TEST"), Optional.empty()),
                login("alice\\@mail.test@AD.EXAMPLE.TEST"));
    }

    @Test
    void serviceNameInAnotherCase_leftAlone() throws NegotiateException {
        assertEquals(
                KerberosName.NT_PRINCIPAL,
                login("HTTP/h@ad.example.test").principal().nameType());
        assertEquals(
                "ad.example.test", login("HTTP/h@ad.example.test").principal().realm());
    }

    @Test
    void downLevelName_realmByFirstLabelOrWholeName_anyCase() throws NegotiateException {
        LoginName expected = new LoginName(principal("alice", "AD.EXAMPLE.TEST"), Optional.empty());
        assertEquals(expected, login("AD\\alice"));
        assertEquals(expected, login("ad\\alice"));
        assertEquals(expected, login("ad.example.test\\alice"));
        assertEquals(new LoginName(principal("bob", "RES.EXAMPLE.TEST"), Optional.empty()), login("RES\\bob"));
    }

    @Test
    void downLevelName_ambiguous_invalidParameter() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> LoginName.of(
                        "AD\\alice", Krb5Config.parse(CONF + "[realms]\n AD.OTHER.TEST = {\n  kdc = k3\n }\n")));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertEquals(
                "invalid parameter: cannot tell the realm of 'AD\\alice': the realms [AD.EXAMPLE.TEST, "
                        + "AD.OTHER.TEST] all match AD; log in as user@REALM",
                e.getMessage());
    }

    @Test
    void downLevelName_unknownDomain_invalidParameter() {
        NegotiateException e = assertThrows(NegotiateException.class, () -> login("CORP\\alice"));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertEquals(
                "invalid parameter: cannot tell the realm of 'CORP\\alice': no realm of <text> is CORP or has it"
                        + " as its first label; log in as user@REALM",
                e.getMessage());
    }

    @Test
    void downLevelName_emptyUserOrTwoBackslashes_invalidParameter() {
        for (String bad : List.of("AD\\", "AD\\x\\y")) {
            NegotiateException e = assertThrows(NegotiateException.class, () -> login(bad), bad);
            assertEquals(Failure.INVALID_PARAMETER, e.failure());
            assertEquals("invalid parameter: malformed user name '" + bad + "': expected DOMAIN\\user", e.getMessage());
        }
    }

    @Test
    void empty_invalidParameter() {
        assertEquals(
                Failure.INVALID_PARAMETER,
                assertThrows(NegotiateException.class, () -> login("")).failure());
    }
}
