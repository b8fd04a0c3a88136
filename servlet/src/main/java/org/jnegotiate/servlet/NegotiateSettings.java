package org.jnegotiate.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.config.NegotiateConfigReader;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.TlsServerEndPoint;

/**
 * The filter's policy, immutable: which schemes and mechanisms, whose keys, what a logon must prove, how long a
 * multi-leg exchange may wait. Built from filter init parameters ({@link #fromParameters}) or in code
 * ({@link #builder()}). Everything the engine reads from the JVM (krb5.conf, the replay cache, NTLM's timestamp
 * window) keeps its {@code jnegotiate.*} system property; these settings override the engine's where they overlap.
 *
 * <table>
 * <caption>Init parameters</caption>
 * <tr><th>name</th><th>default</th><th>meaning</th></tr>
 * <tr><td>principal</td><td>(any key of the keytab)</td><td>the service principal, {@code HTTP/web.example.com@EXAMPLE.COM}</td></tr>
 * <tr><td>keytab</td><td>KRB5_KTNAME, krb5.conf default_keytab_name, /etc/krb5.keytab</td><td>the service's keytab</td></tr>
 * <tr><td>jaasLoginEntry</td><td>(none)</td><td>instead of a keytab: a JAAS entry whose login gives the Subject holding
 * the service's keys (Krb5LoginModule with storeKey=true)</td></tr>
 * <tr><td>mechanisms</td><td>jnegotiate.mechanisms, else kerberos,ntlm</td><td>Negotiate's mechanisms; {@code !ntlm}
 * refuses NTLM in every form</td></tr>
 * <tr><td>ntlmUserFile</td><td>jnegotiate.ntlm.userFile, NTLM_USER_FILE</td><td>NTLM accounts, lines {@code DOMAIN:user:password}</td></tr>
 * <tr><td>ntlmServiceNames</td><td>the principal without its realm</td><td>the SPNs NTLM clients may name (MsvAvTargetName)</td></tr>
 * <tr><td>schemes</td><td>Negotiate</td><td>{@code Negotiate,NTLM} also offers and serves the NTLM scheme</td></tr>
 * <tr><td>require</td><td>(nothing)</td><td>comma-separated: {@code kerberos} refuses NTLM logons, {@code mutual} refuses
 * logons that did not authenticate the server (NTLM, Kerberos without mutual authentication)</td></tr>
 * <tr><td>channelBindings</td><td>none</td><td>{@code tls-server-end-point}: over TLS, require RFC 5929 bindings of
 * {@code serverCertificate}</td></tr>
 * <tr><td>serverCertificate</td><td>(none)</td><td>PEM or DER file of the server's TLS certificate</td></tr>
 * <tr><td>maxPendingContexts</td><td>10000</td><td>exchanges waiting for their next leg, at most</td></tr>
 * <tr><td>pendingTimeout</td><td>PT60S</td><td>how long an exchange waits for its next leg</td></tr>
 * </table>
 */
public final class NegotiateSettings {
    /** What a logon must prove beyond a valid token. */
    public enum Requirement {
        /** Kerberos only: an NTLM logon is refused. */
        KERBEROS,
        /** The client authenticated the server (Kerberos with an AP-REP). */
        MUTUAL
    }

    private final NegotiateConfig engineConfig;
    private final Optional<String> principal;
    private final Optional<Subject> subject;
    private final Set<AuthScheme> schemes;
    private final Set<Requirement> requirements;
    private final Optional<ChannelBindings> channelBindings;
    private final int maxPendingContexts;
    private final Duration pendingTimeout;

    private NegotiateSettings(Builder b) {
        NegotiateConfig engine = b.engine.build();
        this.engineConfig = b.keytab == null
                ? engine
                : engine.toBuilder()
                        .environment(engine.environment().withKrb5KtName("FILE:" + b.keytab.toAbsolutePath()))
                        .build();
        this.principal = Optional.ofNullable(b.principal);
        this.subject = Optional.ofNullable(b.subject);
        this.schemes = Set.copyOf(b.schemes);
        this.requirements = b.requirements.isEmpty() ? Set.of() : Set.copyOf(b.requirements);
        this.channelBindings = Optional.ofNullable(b.channelBindings);
        this.maxPendingContexts = b.maxPendingContexts;
        this.pendingTimeout = b.pendingTimeout;
    }

    public static Builder builder() {
        return new Builder(NegotiateConfig.fromSystem().toBuilder());
    }

    /** Settings from filter (or servlet context) init parameters; an unknown value fails with its parameter's name. */
    public static NegotiateSettings fromParameters(Function<String, String> parameters) {
        Builder b = builder();
        param(parameters, "principal").ifPresent(b::principal);
        param(parameters, "keytab").ifPresent(k -> b.keytab(Path.of(k)));
        param(parameters, "jaasLoginEntry").ifPresent(e -> b.subject(JaasLogin.subject(e)));
        param(parameters, "mechanisms").ifPresent(m -> b.mechanisms(NegotiateConfigReader.parseMechanisms(m)));
        param(parameters, "ntlmUserFile").ifPresent(f -> b.ntlmUserFile(Path.of(f)));
        param(parameters, "ntlmServiceNames").ifPresent(n -> b.ntlmServiceNames(List.of(n.split("\\s*,\\s*"))));
        param(parameters, "schemes").ifPresent(s -> b.schemes(list(s, AuthScheme::parse)));
        param(parameters, "require")
                .ifPresent(r -> b.require(list(r, v -> enumValue(Requirement.class, "require", v))));
        Optional<String> bindings = param(parameters, "channelBindings");
        if (bindings.isPresent() && !bindings.get().equalsIgnoreCase("none")) {
            if (!bindings.get().equalsIgnoreCase("tls-server-end-point")) {
                throw new IllegalArgumentException(
                        "channelBindings must be none or tls-server-end-point, not '" + bindings.get() + "'");
            }
            Path cert = Path.of(
                    param(parameters, "serverCertificate")
                            .orElseThrow(
                                    () -> new IllegalArgumentException(
                                            "channelBindings=tls-server-end-point needs serverCertificate (the server's certificate file)")));
            try {
                b.channelBindings(TlsServerEndPoint.ofFile(cert));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        param(parameters, "maxPendingContexts").ifPresent(n -> b.maxPendingContexts(number("maxPendingContexts", n)));
        param(parameters, "pendingTimeout").ifPresent(t -> b.pendingTimeout(duration("pendingTimeout", t)));
        return b.build();
    }

    /** The engine's configuration: the JVM's, with the settings above applied. */
    public NegotiateConfig engineConfig() {
        return engineConfig;
    }

    public Optional<String> principal() {
        return principal;
    }

    /** The Subject holding the service's keys; empty means the keytab. */
    public Optional<Subject> subject() {
        return subject;
    }

    public Set<AuthScheme> schemes() {
        return schemes;
    }

    public Set<Requirement> requirements() {
        return requirements;
    }

    /** The bindings required of clients over TLS; empty means none are required. */
    public Optional<ChannelBindings> channelBindings() {
        return channelBindings;
    }

    public int maxPendingContexts() {
        return maxPendingContexts;
    }

    public Duration pendingTimeout() {
        return pendingTimeout;
    }

    private static Optional<String> param(Function<String, String> parameters, String name) {
        String v = parameters.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static <T> List<T> list(String text, Function<String, T> parse) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(parse)
                .toList();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String param, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(param + ": unknown value '" + value + "'", e);
        }
    }

    private static int number(String param, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(param + " is not a number: " + value, e);
        }
    }

    private static Duration duration(String param, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(param + " is not an ISO-8601 duration (PT60S): " + value, e);
        }
    }

    /** Settings in code; starts from the JVM's engine configuration ({@code jnegotiate.*} system properties). */
    public static final class Builder {
        private final NegotiateConfig.Builder engine;
        private String principal;
        private Path keytab;
        private Subject subject;
        private boolean ntlmServiceNamesSet;
        private final EnumSet<AuthScheme> schemes = EnumSet.of(AuthScheme.NEGOTIATE);
        private final EnumSet<Requirement> requirements = EnumSet.noneOf(Requirement.class);
        private ChannelBindings channelBindings;
        private int maxPendingContexts = 10_000;
        private Duration pendingTimeout = Duration.ofSeconds(60);

        private Builder(NegotiateConfig.Builder engine) {
            this.engine = engine;
        }

        /** The service principal whose keys accept Kerberos tickets; also names the service for NTLM clients. */
        public Builder principal(String principal) {
            this.principal = Objects.requireNonNull(principal, "principal");
            return this;
        }

        /** The service keytab (as KRB5_KTNAME for this filter alone: the engine's environment, that one changed). */
        public Builder keytab(Path keytab) {
            this.keytab = Objects.requireNonNull(keytab, "keytab");
            return this;
        }

        /** A Subject holding the service's KerberosKeys or KeyTab, used instead of the keytab. */
        public Builder subject(Subject subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        public Builder mechanisms(List<MechOid> mechanisms) {
            engine.mechanisms(mechanisms);
            return this;
        }

        public Builder ntlmUserFile(Path file) {
            engine.ntlmUserFile(file);
            return this;
        }

        public Builder ntlmServiceNames(List<String> names) {
            engine.ntlmServiceNames(names);
            ntlmServiceNamesSet = true;
            return this;
        }

        public Builder schemes(List<AuthScheme> offered) {
            if (offered.isEmpty()) {
                throw new IllegalArgumentException("schemes leaves no scheme");
            }
            schemes.clear();
            schemes.addAll(offered);
            return this;
        }

        public Builder require(List<Requirement> required) {
            requirements.clear();
            requirements.addAll(required);
            return this;
        }

        /** Bindings every client must present over TLS ({@link TlsServerEndPoint}); null for none. */
        public Builder channelBindings(ChannelBindings bindings) {
            this.channelBindings = bindings;
            return this;
        }

        public Builder maxPendingContexts(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingContexts must be positive: " + max);
            }
            this.maxPendingContexts = max;
            return this;
        }

        public Builder pendingTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pendingTimeout must be positive: " + timeout);
            }
            this.pendingTimeout = timeout;
            return this;
        }

        /** Changes any other engine setting (JNegotiate's {@link NegotiateConfig}). */
        public Builder engine(java.util.function.Consumer<NegotiateConfig.Builder> change) {
            change.accept(engine);
            return this;
        }

        public NegotiateSettings build() {
            if (!ntlmServiceNamesSet && principal != null) {
                // NTLM clients name the service as HTTP/host (MsvAvTargetName): the principal without its realm
                int at = principal.lastIndexOf('@');
                engine.ntlmServiceNames(List.of(at < 0 ? principal : principal.substring(0, at)));
            }
            return new NegotiateSettings(this);
        }
    }
}
