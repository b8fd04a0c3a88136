package org.jnegotiate.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.config.NegotiateConfigReader;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.sspi.SecWinntAuthIdentity;

/**
 * How an HTTP client authenticates with Negotiate (RFC 4559): the engine, whose credentials, which service name, and
 * the checks the client insists on. Immutable and shareable between clients and threads; each request's exchange is
 * a {@link NegotiateExchange} made by {@link #begin(URI)}.
 *
 * <pre>{@code
 * NegotiateAuth auth = NegotiateAuth.builder().requireMutualAuth(true).channelBindings(true).build();
 * }</pre>
 *
 * <p>Credentials, as Windows' Negotiate package finds them: an explicit identity ({@link Builder#identity}) when
 * given; else the JAAS {@link Subject} given to {@link Builder#subject} (its Kerberos tickets or keys and its
 * {@code NtlmPasswordCredential}s), else the Subject of the calling thread; then the ticket cache
 * ({@code KRB5CCNAME}) and the NTLM users file ({@code jnegotiate.ntlm.userFile}, {@code NTLM_USER_FILE}), read by
 * the engine's configuration.
 */
public final class NegotiateAuth {
    private final Engine engine;
    private final String spn;
    private final boolean canonicalHostName;
    private final boolean channelBindings;
    private final boolean requireMutualAuth;
    private final Subject subject;
    private final String user;
    private final String domain;
    private final char[] password;

    private NegotiateAuth(Builder b) {
        this.engine = b.engine == null ? DefaultEngine.INSTANCE : b.engine;
        this.spn = b.spn;
        this.canonicalHostName = b.canonicalHostName;
        this.channelBindings = b.channelBindings;
        this.requireMutualAuth = b.requireMutualAuth;
        this.subject = b.subject;
        this.user = b.user;
        this.domain = b.domain;
        this.password = b.password == null ? null : b.password.clone();
    }

    /**
     * The engine of {@link Builder#engine} when none is given: the JVM's configuration ({@code NegotiateConfigReader
     * .fromSystem()}), except that {@code javax.security.auth.useSubjectCredsOnly} defaults to false, as for the
     * JDK's own HTTP client, so that the ticket cache is used outside {@code Subject.doAs}; set the property to
     * true to keep Kerberos to the Subject's credentials.
     */
    private static final class DefaultEngine {
        static final Engine INSTANCE = Engine.create(NegotiateConfigReader.fromSystem(
                NegotiateConfig.builder().useSubjectCredsOnly(false).build()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: the JVM's engine and credentials, {@code HTTP@host} of the URL, no bindings, mutual optional. */
    public static NegotiateAuth defaults() {
        return builder().build();
    }

    /** Starts the exchange of one request to {@code uri}. */
    public NegotiateExchange begin(URI uri) {
        return new NegotiateExchange(this, uri);
    }

    /**
     * The service name for {@code uri}: the override when one was given, else {@code HTTP@host} with the URL's host
     * (lower case), or its canonical name from the resolver when {@link Builder#canonicalHostName} is set (as MIT's
     * {@code dns_canonicalize_hostname} and browsers do; an address that does not resolve keeps the URL's host).
     */
    public String servicePrincipal(URI uri) {
        if (spn != null) {
            return spn;
        }
        String host = Objects.requireNonNull(uri.getHost(), "the URL has no host: " + uri);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (canonicalHostName) {
            try {
                host = InetAddress.getByName(host).getCanonicalHostName();
            } catch (UnknownHostException e) {
                // the URL's own name then: the failure to connect will say more than a guess would
            }
        }
        return "HTTP@" + host.toLowerCase(Locale.ROOT);
    }

    Engine engine() {
        return engine;
    }

    boolean channelBindings() {
        return channelBindings;
    }

    public boolean requireMutualAuth() {
        return requireMutualAuth;
    }

    Optional<Subject> subject() {
        return Optional.ofNullable(subject);
    }

    /** A fresh copy for one exchange (the context zeroes its copy of the password when it is done). */
    Optional<SecWinntAuthIdentity> identity() {
        return user == null
                ? Optional.empty()
                : Optional.of(new SecWinntAuthIdentity(user, domain == null ? "" : domain, password.clone()));
    }

    public static final class Builder {
        private Engine engine;
        private String spn;
        private boolean canonicalHostName;
        private boolean channelBindings;
        private boolean requireMutualAuth;
        private Subject subject;
        private String user;
        private String domain;
        private char[] password;

        private Builder() {}

        /**
         * The engine (its configuration: krb5.conf, ticket cache, NTLM users, mechanisms); default the JVM's
         * configuration with {@code useSubjectCredsOnly} false unless the property says otherwise.
         */
        public Builder engine(Engine value) {
            this.engine = Objects.requireNonNull(value, "engine");
            return this;
        }

        /** A fixed service name ({@code HTTP@host} or {@code HTTP/host[@REALM]}) instead of the URL's. */
        public Builder spn(String value) {
            this.spn = value;
            return this;
        }

        /** Ask for {@code HTTP@} the resolver's canonical name of the URL's host (a CNAME's target). */
        public Builder canonicalHostName(boolean value) {
            this.canonicalHostName = value;
            return this;
        }

        /**
         * Send TLS channel bindings ({@code tls-server-end-point}, RFC 5929) over HTTPS, from the certificate the
         * server presented: what IIS Extended Protection and JNegotiate acceptors with bindings check.
         */
        public Builder channelBindings(boolean value) {
            this.channelBindings = value;
            return this;
        }

        /**
         * Refuse a response whose server was not authenticated: a Kerberos exchange whose success carries no final
         * token (AP-REP), and NTLM, which never authenticates the server.
         */
        public Builder requireMutualAuth(boolean value) {
            this.requireMutualAuth = value;
            return this;
        }

        /** The JAAS Subject whose credentials to use (default: the calling thread's, then the caches). */
        public Builder subject(Subject value) {
            this.subject = value;
            return this;
        }

        /**
         * An explicit identity: {@code user} with {@code domain} (the NTLM domain, or the Kerberos realm) and its
         * password (copied; zero your array afterwards).
         */
        public Builder identity(String user, String domain, char[] password) {
            this.user = Objects.requireNonNull(user, "user");
            this.domain = domain;
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        public NegotiateAuth build() {
            return new NegotiateAuth(this);
        }
    }
}
