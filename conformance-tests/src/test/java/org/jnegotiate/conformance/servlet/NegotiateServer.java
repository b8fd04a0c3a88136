package org.jnegotiate.conformance.servlet;

import java.util.Map;

/** A web server under test with JNegotiate in front of an application that tells who it sees. */
interface NegotiateServer extends AutoCloseable {
    /** The path of the application behind the filter with the default policy (Kerberos and NTLM). */
    String APP = "/app/whoami";
    /** The path of the application behind the filter with {@code mechanisms=!ntlm}. */
    String KERBEROS_ONLY = "/krb/whoami";

    int port();

    /** How many requests reached the application (never a 401 or 400 leg). */
    int applicationCalls();

    @Override
    void close();

    /** What a server needs to know of the realm: the filter's init parameters. */
    static Map<String, String> filterParameters(String principal, String keytab, String ntlmUsers, String mechanisms) {
        return Map.of("principal", principal, "keytab", keytab, "ntlmUserFile", ntlmUsers, "mechanisms", mechanisms);
    }
}
