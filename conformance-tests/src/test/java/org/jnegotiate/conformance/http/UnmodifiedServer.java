package org.jnegotiate.conformance.http;

import java.nio.file.Path;
import java.util.List;
import org.jnegotiate.conformance.fixtures.Curl;
import org.jnegotiate.conformance.fixtures.HttpTestRealm;
import org.jnegotiate.conformance.fixtures.JavaChild;
import org.jnegotiate.conformance.fixtures.JavaChild.Install;
import org.jnegotiate.conformance.fixtures.RawNtlmOverCurl;
import org.jnegotiate.conformance.fixtures.SambaNtlmClient;

/**
 * An unmodified Java server ({@link JettySpnegoServer}, {@link TomcatSpnegoServer}) in a child JVM whose only
 * JNegotiate is {@code -javaagent:jnegotiate.jar} (the drop-in, {@link Install#BUNDLE_AGENT_APP}), with the realm
 * of {@link HttpTestRealm}, and the three kinds of client of issue 11: curl {@code --negotiate} with alice's Kerberos
 * ticket, curl {@code --negotiate} with gss-ntlmssp (bob, NTLM inside SPNEGO), and Samba's ntlm_auth (bob, raw
 * NTLMSSP in the Negotiate header).
 */
final class UnmodifiedServer implements AutoCloseable {
    static final String PATH = "/whoami";
    static final String BOB = HttpTestRealm.NTLM_DOMAIN + "\\" + HttpTestRealm.BOB;

    private final HttpTestRealm realm;
    private final NegotiateHttpServerProcess server;

    private UnmodifiedServer(HttpTestRealm realm, NegotiateHttpServerProcess server) {
        this.realm = realm;
        this.server = server;
    }

    /** Starts {@code main} with the agent; {@code jaasEntry}, when not null, gets a JAAS file for the service. */
    static UnmodifiedServer start(Class<?> main, String jaasEntry) {
        HttpTestRealm realm = HttpTestRealm.start();
        try {
            String principal = realm.kdc().principal(HttpTestRealm.SERVICE);
            JavaChild child = JavaChild.of(main, Install.BUNDLE_AGENT_APP)
                    .property("java.security.krb5.conf", realm.kdc().krb5Conf().toString())
                    .property("jnegotiate.ntlm.userFile", realm.ntlmUsers().toString())
                    .jnegotiateDebugLog(realm.kdc().directory())
                    .timeout(java.time.Duration.ofSeconds(60));
            if (jaasEntry != null) {
                Path jaas = realm.kdc().directory().resolve("server-jaas.conf");
                write(
                        jaas,
                        jaasEntry + " {\n  com.sun.security.auth.module.Krb5LoginModule required\n"
                                + "  doNotPrompt=true useKeyTab=true storeKey=true isInitiator=false\n"
                                + "  keyTab=\"" + realm.serviceKeytab() + "\"\n  principal=\"" + principal
                                + "\";\n};\n");
                child.property("java.security.auth.login.config", jaas.toString());
            }
            return new UnmodifiedServer(
                    realm,
                    NegotiateHttpServerProcess.start(
                            child, principal, realm.serviceKeytab().toString()));
        } catch (RuntimeException | Error e) {
            realm.close();
            throw e;
        }
    }

    private static void write(Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    HttpTestRealm realm() {
        return realm;
    }

    String firstProvider() {
        return server.firstProvider();
    }

    /** The server's stderr so far (JNegotiate's DEBUG log among it). */
    String log() {
        return server.log();
    }

    /** Where the log is now: {@link #awaitLog} gives what the server printed after it. */
    int logMark() {
        return server.logMark();
    }

    /** See {@link NegotiateHttpServerProcess#awaitLog}. */
    String awaitLog(int mark, String... expected) {
        return server.awaitLog(mark, expected);
    }

    /** No Authorization header. */
    Curl.Response anonymous() {
        return Curl.get(HttpTestRealm.HOST, server.port(), PATH, java.util.Map.of(), List.of());
    }

    Curl.Response kerberos() {
        return Curl.negotiate(HttpTestRealm.HOST, server.port(), PATH, ":", realm.aliceKerberosEnv());
    }

    Curl.Response ntlmInsideSpnego(String password) {
        return Curl.negotiate(
                HttpTestRealm.HOST,
                server.port(),
                PATH,
                HttpTestRealm.BOB + ":" + password,
                realm.bobNtlmEnv(password));
    }

    List<Curl.Response> rawNtlm(String password) {
        try (SambaNtlmClient client = new SambaNtlmClient(HttpTestRealm.NTLM_DOMAIN, HttpTestRealm.BOB, password)) {
            return RawNtlmOverCurl.exchange(HttpTestRealm.HOST, server.port(), PATH, client);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            realm.close();
        }
    }
}
