package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.krb5.creds.KerberosCredentials;
import org.jnegotiate.krb5.kdc.KdcClient;
import org.jnegotiate.krb5.kdc.KdcContexts;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential.Usage;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** KerberosLogin against Apache Kerby's KDC; the Subject it returns is a credential source like any other. */
class KerberosLoginTest {

    private static NegotiateConfig config() throws Exception {
        return NegotiateConfig.builder()
                .krb5Conf(KerbyKdc.get().krb5Conf)
                .environment(Map.of())
                .build();
    }

    @Test
    void withPassword_givesSubjectWithPrincipalAndTgt_usableForServiceTickets() throws Exception {
        Subject subject = KerberosLogin.withPassword("alice", KerbyKdc.ALICE_PASSWORD.toCharArray(), config());
        assertEquals(Set.of(new KerberosPrincipal("alice@" + KerbyKdc.REALM)), subject.getPrincipals());
        KerberosTicket tgt =
                subject.getPrivateCredentials(KerberosTicket.class).iterator().next();
        assertEquals(
                "krbtgt/" + KerbyKdc.REALM + "@" + KerbyKdc.REALM,
                tgt.getServer().getName());
        assertTrue(tgt.isCurrent());
        assertTrue(tgt.isForwardable());
        assertFalse(tgt.isDestroyed());
        KerberosCredential cred = KerberosCredentials.acquire(
                CredentialRequest.of(null, Usage.INITIATE).withSubject(subject),
                config(),
                KdcContexts.of(KdcClient.of(KerbyKdc.get().config(), new NetworkKdcTransport()), false));
        assertEquals("alice@" + KerbyKdc.REALM, cred.client().toString());
        assertEquals(
                "HTTP/localhost@" + KerbyKdc.REALM,
                cred.serviceTicket(KerberosName.hostbasedService("HTTP", "localhost", KerbyKdc.REALM))
                        .server()
                        .toString());
        cred.dispose();
    }

    @Test
    void withPassword_wrongPassword_isFailedLoginWithLogonDenied() {
        FailedLoginException e = assertThrows(
                FailedLoginException.class, () -> KerberosLogin.withPassword("alice", "wrong".toCharArray(), config()));
        assertEquals(
                Failure.LOGON_DENIED,
                assertInstanceOf(NegotiateException.class, e.getCause()).failure());
        assertTrue(e.getMessage().contains("alice"), e.getMessage());
    }

    @Test
    void withPassword_noKrb5Conf_isLoginExceptionWithNoAuthority() {
        NegotiateConfig missing = NegotiateConfig.builder()
                .krb5Conf(java.nio.file.Path.of("/nonexistent/krb5.conf"))
                .environment(Map.of())
                .build();
        LoginException e = assertThrows(
                LoginException.class, () -> KerberosLogin.withPassword("alice", "x".toCharArray(), missing));
        assertFalse(e instanceof FailedLoginException);
        assertEquals(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                assertInstanceOf(NegotiateException.class, e.getCause()).failure());
    }
}
