package org.jnegotiate.conformance.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.conformance.fixtures.CommandResult;

/**
 * The {@code key=value} lines a child JVM main of this package prints on stdout (other lines, such
 * as the JDK's own Kerberos debug output on JDK 17, are ignored), and what its logs say about who
 * served the GSS context.
 */
record ChildOutput(Map<String, String> values, String allOutput) {

    /** A line JNegotiate's Kerberos initiator logs at DEBUG ({@code KerberosInitiator.step}). */
    static final String JNEGOTIATE_KRB5_INITIATOR = "org.jnegotiate.krb5.KerberosInitiator: krb5 initiator";
    /** A line JNegotiate's Kerberos acceptor logs at DEBUG ({@code KerberosAcceptor.step}). */
    static final String JNEGOTIATE_KRB5_ACCEPTOR = "org.jnegotiate.krb5.KerberosAcceptor: krb5 acceptor: accepted";
    /** A line JNegotiate's NTLM initiator logs at DEBUG, followed by the message size and user. */
    static final String JNEGOTIATE_NTLM_INITIATOR = "org.jnegotiate.ntlm: NTLM initiator sends AUTHENTICATE";
    /** The JDK's own Kerberos context logs this under {@code sun.security.krb5.debug} (JDK 17 and 25). */
    static final String SUNJGSS_KRB5_CONTEXT = "Krb5Context";

    static ChildOutput of(CommandResult result) {
        Map<String, String> values = new HashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).matches("[a-z-]+")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return new ChildOutput(values, result.stdout() + "\n" + result.stderr());
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    boolean logged(String text) {
        return allOutput.contains(text);
    }
}
