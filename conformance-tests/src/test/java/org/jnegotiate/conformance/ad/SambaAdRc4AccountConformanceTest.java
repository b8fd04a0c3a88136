package org.jnegotiate.conformance.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.creds.KeytabFiles;
import org.jnegotiate.krb5.creds.KeytabKey;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.sspi.ClientContext;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.SspiException;
import org.jnegotiate.sspi.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An AD service account without msDS-SupportedEncryptionTypes, as {@code samba-tool user add} (and Windows'
 * "New User") makes it: the DC exports only an RC4 key for it and encrypts its tickets with RC4 (the session key
 * is AES, as the client asked). JNegotiate's acceptor refuses such a ticket with a message naming the service,
 * the enctype and the two fixes; with weak crypto allowed it accepts it; and once the account lists AES and its
 * password is set again, the ticket is AES and accepted without weak crypto.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdRc4AccountConformanceTest {
    static final String USER = "rc4user";
    static final String PASSWORD = "Rc4-user-Passw0rd";
    static final String ACCOUNT = "rc4svc";
    static final String ACCOUNT_PASSWORD = "Rc4-service-Passw0rd";
    static final String SERVICE = "HTTP/rc4." + SambaAdDc.DNS_DOMAIN;
    static final String TARGET = "HTTP@rc4." + SambaAdDc.DNS_DOMAIN;

    private AdRealm realm;
    private Path userKeytab;

    @BeforeAll
    void accounts() {
        realm = new AdRealm();
        realm.dc.addUser(USER, PASSWORD);
        realm.dc.addServiceAccount(ACCOUNT, ACCOUNT_PASSWORD, false, SERVICE);
        userKeytab = realm.keytab("rc4user.keytab", USER);
    }

    @Test
    void accountWithoutEnctypes_rc4Ticket_refusedNamingServiceEnctypeAndFix_thenAcceptedOnceAesIsSet()
            throws Exception {
        Path rc4Keytab = realm.keytab("rc4svc.keytab", SERVICE);
        assertEquals(Set.of(23), keyTypes(rc4Keytab), "AD exports only an RC4 key for such an account");

        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        byte[] apReq = firstToken();
        // the service's RC4 key as a KerberosKey (what Krb5LoginModule's storeKey gives; the JDK's KeyTab.getKeys
        // would hide the key, as krb5.conf does not permit RC4)
        Subject service = new Subject();
        KerberosPrincipal principal = new KerberosPrincipal(realm.principal(SERVICE));
        service.getPrincipals().add(principal);
        for (KeytabKey k : KeytabFiles.read(rc4Keytab)) {
            service.getPrivateCredentials()
                    .add(new KerberosKey(
                            principal, k.key().bytes(), k.key().type().id(), k.kvno()));
        }
        GSSException refused = assertThrows(
                GSSException.class, () -> SunJgss.as(service, () -> acceptor.acceptSecContext(apReq, 0, apReq.length)));
        assertEquals(GSSException.DEFECTIVE_CREDENTIAL, refused.getMajor(), refused.getMinorString());
        String message = refused.getMinorString();
        assertTrue(
                message.contains("the ticket for " + SERVICE + "@" + SambaAdDc.REALM
                        + " is encrypted with rc4-hmac (etype 23), which JNegotiate refuses as weak"),
                message);
        assertTrue(message.contains("set its msDS-SupportedEncryptionTypes to 24"), message);
        assertTrue(message.contains("jnegotiate.allowWeakCrypto=true"), message);

        // the documented way out number two: weak crypto allowed (the SSPI door, on an engine of its own)
        assertTrue(sspiHandshake(rc4Keytab, true), "accepted with allowWeakCrypto");
        SspiException sspi = assertThrows(SspiException.class, () -> sspiHandshake(rc4Keytab, false));
        assertTrue(sspi.getMessage().contains("rc4-hmac (etype 23)"), sspi.getMessage());

        // the documented way out number one: AES on the account, its password set again, the keytab exported again
        realm.dc.setEncryptionTypes(ACCOUNT, SambaAdDc.AES);
        realm.dc.samba("user", "setpassword", ACCOUNT, "--newpassword=" + ACCOUNT_PASSWORD);
        Path aesKeytab = realm.keytab("rc4svc-aes.keytab", SERVICE);
        assertTrue(keyTypes(aesKeytab).contains(18), "an AES256 key after the fix: " + keyTypes(aesKeytab));
        GSSContext fixed = realm.jnegotiate().createContext((GSSCredential) null);
        GSSContext initiator = AdRealm.initiator(realm.jnegotiate(), TARGET, AdRealm.KRB5);
        AdRealm.establish(
                initiator, realm.keytabSubject(USER, userKeytab), fixed, realm.keytabSubject(SERVICE, aesKeytab));
        assertTrue(fixed.isEstablished());
    }

    private byte[] firstToken() throws Exception {
        GSSContext initiator = AdRealm.initiator(realm.jnegotiate(), TARGET, AdRealm.KRB5);
        Subject user = realm.keytabSubject(USER, userKeytab);
        return SunJgss.as(user, () -> initiator.initSecContext(new byte[0], 0, 0));
    }

    /** Kerberos through the SSPI door, on an engine with {@code keytab} and {@code allowWeakCrypto}. */
    private boolean sspiHandshake(Path keytab, boolean allowWeakCrypto) throws SspiException {
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(realm.dc.krb5Conf())
                .allowWeakCrypto(allowWeakCrypto)
                .environment(Map.of("KRB5_KTNAME", "FILE:" + keytab))
                .build();
        Engine engine = Engine.create(config);
        ClientContext client = ClientContext.builder(engine)
                .securityPackage(SecurityPackage.KERBEROS)
                .target(SERVICE)
                .identity(new SecWinntAuthIdentity(USER, SambaAdDc.REALM, PASSWORD.toCharArray()))
                .build();
        ServerContext server = ServerContext.builder(engine)
                .securityPackage(SecurityPackage.KERBEROS)
                .build();
        StepResult fromClient = client.step(new byte[0]);
        StepResult fromServer = server.step(fromClient.token());
        return !fromServer.continueNeeded();
    }

    /** The enctypes in {@code keytab} (read by JNegotiate: the JDK's KeyTab hides those krb5.conf does not permit). */
    private static Set<Integer> keyTypes(Path keytab) throws NegotiateException {
        return KeytabFiles.read(keytab).stream().map(k -> k.key().type().id()).collect(Collectors.toSet());
    }
}
