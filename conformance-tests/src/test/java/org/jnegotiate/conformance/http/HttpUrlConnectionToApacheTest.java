package org.jnegotiate.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jnegotiate.conformance.fixtures.ApacheHttpd;
import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.jnegotiate.conformance.fixtures.JavaChild;
import org.jnegotiate.conformance.fixtures.JavaChild.Install;
import org.jnegotiate.mech.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JDK's own HTTP client, unmodified, authenticating to Apache httpd with mod_auth_gssapi, with
 * JNegotiate installed in the client JVM only through JVM flags. The {@code bundleAgent} cases are the
 * drop-in as users get it: {@code -javaagent:provider/target/jnegotiate.jar} and a class path with the
 * client class alone (no Kerby, BouncyCastle or provider jar); they run on the JDK running the tests
 * (17 and 25 in {@code ./scripts/test.sh}) and fail, never skip, when {@code mvn package} has not
 * built the jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpUrlConnectionToApacheTest {

    private HttpTestRealm realm;
    private ApacheHttpd httpd;

    @BeforeAll
    void start() {
        realm = HttpTestRealm.start();
        httpd = ApacheHttpd.builder()
                .keytab(realm.serviceKeytab())
                .krb5Conf(realm.kdc().krb5Conf())
                .ntlmUserFile(realm.ntlmUsers())
                .start();
    }

    @AfterAll
    void stop() {
        if (httpd != null) {
            httpd.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void kerberos_securityPropertiesFile_jnegotiateAuthenticatesAlice() {
        assertJNegotiateAuthenticatedAlice(
                kerberosClient(Install.SECURITY_PROPERTIES, ApacheHttpd.KRB5).run());
    }

    @Test
    void kerberos_javaAgent_jnegotiateAuthenticatesAlice() {
        assertJNegotiateAuthenticatedAlice(
                kerberosClient(Install.JAVA_AGENT, ApacheHttpd.KRB5).run());
    }

    @Test
    void kerberos_javaAgent_negotiateLocation_jnegotiateAuthenticatesAlice() {
        assertJNegotiateAuthenticatedAlice(
                kerberosClient(Install.JAVA_AGENT, ApacheHttpd.NEGOTIATE).run());
    }

    @Test
    void kerberos_bundleAgent_jnegotiateAuthenticatesAlice() {
        assertJNegotiateAuthenticatedAlice(
                kerberosClient(Install.BUNDLE_AGENT, ApacheHttpd.KRB5).run());
    }

    @Test
    void kerberos_bundleAgent_negotiateLocation_jnegotiateAuthenticatesAlice() {
        assertJNegotiateAuthenticatedAlice(
                kerberosClient(Install.BUNDLE_AGENT, ApacheHttpd.NEGOTIATE).run());
    }

    /** Neither a ccache nor an NTLM users file: JNegotiate has no credentials, and the JDK shows Apache's 401. */
    @Test
    void noCredentials_javaAgent_jnegotiateFindsNoneAndApacheAnswers401() {
        CommandResult result = JavaChild.of(HttpUrlConnectionClient.class, Install.JAVA_AGENT)
                .args(httpd.url(HttpTestRealm.HOST, ApacheHttpd.NEGOTIATE))
                .env("KRB5CCNAME", "FILE:" + realm.noCcache())
                .property("javax.security.auth.useSubjectCredsOnly", "false")
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jdk.net.hosts.file", realm.hostsFile().toString())
                .jnegotiateDebugLog(realm.kdc().directory())
                .run();
        ChildOutput output = ChildOutput.of(result);

        assertEquals(Optional.of("401"), output.value("status"), result.describe());
        assertEquals(Optional.of(""), output.value("x-remote-user"), result.describe());
        assertTrue(
                output.logged("org.jnegotiate.gss: SPNEGO(1.3.6.1.5.5.2) initiator failed: "
                        + Failure.NO_CREDENTIALS.summary()),
                result.describe());
    }

    /**
     * Apache offers only "Negotiate", so the JDK does not run its own NTLM client: it asks GSS for
     * SPNEGO, and JNegotiate's SPNEGO, without Kerberos credentials, falls back to its NTLM with bob's
     * password from the users file (its only entry).
     */
    @Test
    void ntlmFallback_javaAgent_ntlmsspLocation_jnegotiateAuthenticatesBob() {
        assertJNegotiateAuthenticatedBob(
                ntlmClient(Install.JAVA_AGENT, ApacheHttpd.NTLM).run());
    }

    /** The drop-in alone: no ccache, Apache offers Kerberos and NTLM, JNegotiate's SPNEGO falls back to NTLM. */
    @Test
    void ntlmFallback_bundleAgent_negotiateLocation_jnegotiateAuthenticatesBob() {
        assertJNegotiateAuthenticatedBob(
                ntlmClient(Install.BUNDLE_AGENT, ApacheHttpd.NEGOTIATE).run());
    }

    @Test
    void ntlmFallback_bundleAgent_ntlmsspLocation_jnegotiateAuthenticatesBob() {
        assertJNegotiateAuthenticatedBob(
                ntlmClient(Install.BUNDLE_AGENT, ApacheHttpd.NTLM).run());
    }

    @Test
    void ntlmFallback_securityPropertiesFile_negotiateLocation_jnegotiateAuthenticatesBob() {
        assertJNegotiateAuthenticatedBob(
                ntlmClient(Install.SECURITY_PROPERTIES, ApacheHttpd.NEGOTIATE).run());
    }

    /** The same client without JNegotiate: the JDK's Kerberos logs its context, which the checks above exclude. */
    @Test
    void kerberos_noJNegotiate_sunJgssAuthenticatesAliceAndSaysSo() {
        CommandResult result = kerberosClient(Install.NONE, ApacheHttpd.KRB5).run();
        ChildOutput output = ChildOutput.of(result);

        assertEquals(Optional.of("200"), output.value("status"), result.describe() + httpd.log());
        assertEquals(Optional.of(realm.alice()), output.value("x-remote-user"), result.describe());
        assertTrue(output.logged(ChildOutput.SUNJGSS_KRB5_CONTEXT), result.describe());
        assertFalse(output.logged("org.jnegotiate"), result.describe());
    }

    private void assertJNegotiateAuthenticatedAlice(CommandResult result) {
        ChildOutput output = ChildOutput.of(result);
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(Optional.of("200"), output.value("status"), result.describe() + httpd.log());
        assertEquals(Optional.of(realm.alice()), output.value("x-remote-user"), result.describe());
        assertTrue(output.logged(ChildOutput.JNEGOTIATE_KRB5_INITIATOR), result.describe());
        // sun.security.krb5.debug is on: the JDK's Kerberos did not run
        assertFalse(output.logged(ChildOutput.SUNJGSS_KRB5_CONTEXT), result.describe());
    }

    private void assertJNegotiateAuthenticatedBob(CommandResult result) {
        ChildOutput output = ChildOutput.of(result);
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(Optional.of("200"), output.value("status"), result.describe() + httpd.log());
        String bob = HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB;
        assertEquals(Optional.of(bob), output.value("x-remote-user"), result.describe());
        assertTrue(
                output.logged(ChildOutput.JNEGOTIATE_NTLM_INITIATOR + " (") && output.logged(" as " + bob + ","),
                result.describe());
    }

    /** No Kerberos credentials (no ccache), bob in JNegotiate's NTLM users file. */
    private JavaChild ntlmClient(Install install, String location) {
        return JavaChild.of(HttpUrlConnectionClient.class, install)
                .args(httpd.url(HttpTestRealm.HOST, location))
                .env("KRB5CCNAME", "FILE:" + realm.noCcache())
                .property("javax.security.auth.useSubjectCredsOnly", "false")
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jdk.net.hosts.file", realm.hostsFile().toString())
                .property("jnegotiate.ntlm.userFile", realm.ntlmUsers().toString())
                .jnegotiateDebugLog(realm.kdc().directory());
    }

    /** alice's ccache from MIT kinit, the realm's krb5.conf, the web host mapped to 127.0.0.1. */
    private JavaChild kerberosClient(Install install, String location) {
        return JavaChild.of(HttpUrlConnectionClient.class, install)
                .args(httpd.url(HttpTestRealm.HOST, location))
                .env("KRB5CCNAME", "FILE:" + realm.aliceCcache())
                .property("javax.security.auth.useSubjectCredsOnly", "false")
                .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                .property("jdk.net.hosts.file", realm.hostsFile().toString())
                .property("sun.security.krb5.debug", "true")
                .property("sun.security.jgss.debug", "true")
                .jnegotiateDebugLog(realm.kdc().directory());
    }
}
