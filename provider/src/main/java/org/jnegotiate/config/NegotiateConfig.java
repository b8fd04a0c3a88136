package org.jnegotiate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jnegotiate.mech.MechOid;

/**
 * The engine's policy, immutable: a value and its {@link Builder}. The system properties and environment variables
 * that set it are read at the edge, once, by {@link NegotiateConfigReader} (its class comment lists them);
 * everything else gets a config handed in.
 *
 * <p>Kerberos settings that belong in krb5.conf (realms, KDCs, enctypes, clock skew) are read from
 * krb5.conf by the Kerberos mechanism; this class only says where krb5.conf is.
 */
public final class NegotiateConfig {
    /** How an NTLM acceptor without channel bindings checks the client's MsvAvTargetName. */
    public enum TargetNameCheck {
        /** Never. */
        OFF,
        /** When the client sends one (as Windows' Extended Protection "partial"): a mismatch is refused. */
        WHEN_SENT,
        /** Always: a client that sends none is refused too (Extended Protection "required"). */
        REQUIRED
    }

    private final boolean allowWeakCrypto;
    private final List<MechOid> mechanisms;
    private final boolean ntlmFallback;
    private final boolean requireMutualAuth;
    private final boolean replayCache;
    private final int replayCacheMaxEntries;
    private final int maxTokenSize;
    private final Path ntlmUserFile;
    private final Duration ntlmTimestampWindow;
    private final List<String> ntlmServiceNames;
    private final TargetNameCheck ntlmTargetNameCheck;
    private final boolean ntlmAllowAnonymous;
    private final List<String> ntlmWinbindCommand;
    private final boolean agentUnframedTokens;
    private final Path krb5Conf;
    private final Duration krb5ConfCheckInterval;
    private final Environment environment;
    private final boolean useSubjectCredsOnly;

    private NegotiateConfig(Builder b) {
        this.allowWeakCrypto = b.allowWeakCrypto;
        this.mechanisms = List.copyOf(b.mechanisms);
        this.ntlmFallback = b.ntlmFallback;
        this.requireMutualAuth = b.requireMutualAuth;
        this.replayCache = b.replayCache;
        this.replayCacheMaxEntries = b.replayCacheMaxEntries;
        this.maxTokenSize = b.maxTokenSize;
        this.ntlmUserFile = b.ntlmUserFile;
        this.ntlmTimestampWindow = b.ntlmTimestampWindow;
        this.ntlmServiceNames = List.copyOf(b.ntlmServiceNames);
        this.ntlmTargetNameCheck = b.ntlmTargetNameCheck;
        this.ntlmAllowAnonymous = b.ntlmAllowAnonymous;
        this.ntlmWinbindCommand = b.ntlmWinbindCommand;
        this.agentUnframedTokens = b.agentUnframedTokens;
        this.krb5Conf = b.krb5Conf;
        this.krb5ConfCheckInterval = b.krb5ConfCheckInterval;
        this.environment = b.environment;
        this.useSubjectCredsOnly = b.useSubjectCredsOnly;
    }

    /** The defaults, with nothing read from the system. */
    public static NegotiateConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The system's configuration: {@link NegotiateConfigReader#fromSystem()}. */
    public static NegotiateConfig fromSystem() {
        return NegotiateConfigReader.fromSystem();
    }

    /** As {@link #fromSystem()}, from the given sources: {@link NegotiateConfigReader#fromProperties}. */
    public static NegotiateConfig fromProperties(Properties p, Map<String, String> variables) {
        return NegotiateConfigReader.fromProperties(p, variables);
    }

    /**
     * Whether Kerberos may use rc4-hmac (tickets, session keys and subkeys; default false). It concerns Kerberos only:
     * NTLMv1 and LM responses are refused whatever it says.
     */
    public boolean allowWeakCrypto() {
        return allowWeakCrypto;
    }

    /** Negotiate's mechanisms in preference order (Kerberos stands for both Kerberos OIDs). */
    public List<MechOid> mechanisms() {
        return mechanisms;
    }

    public boolean ntlmFallback() {
        return ntlmFallback;
    }

    public boolean requireMutualAuth() {
        return requireMutualAuth;
    }

    public boolean replayCache() {
        return replayCache;
    }

    /** The bound of the Kerberos acceptors' replay cache. */
    public int replayCacheMaxEntries() {
        return replayCacheMaxEntries;
    }

    public int maxTokenSize() {
        return maxTokenSize;
    }

    public Optional<Path> ntlmUserFile() {
        return Optional.ofNullable(ntlmUserFile);
    }

    public Duration ntlmTimestampWindow() {
        return ntlmTimestampWindow;
    }

    /**
     * The SPNs an NTLM acceptor answers for ({@code HTTP/web.example.com}); empty when not configured. When set, a
     * client's MsvAvTargetName must name one of them (unless channel bindings are used or the check is off).
     */
    public List<String> ntlmServiceNames() {
        return ntlmServiceNames;
    }

    /** How an NTLM acceptor without channel bindings checks the client's MsvAvTargetName (default when sent). */
    public TargetNameCheck ntlmTargetNameCheck() {
        return ntlmTargetNameCheck;
    }

    /** Whether an NTLM acceptor accepts anonymous logons (default false: SEC_E_LOGON_DENIED). */
    public boolean ntlmAllowAnonymous() {
        return ntlmAllowAnonymous;
    }

    /**
     * The winbind helper command line that checks NTLMv2 responses for NTLM acceptors (domain validation, see
     * {@code ntlm.WinbindNtlmUserDatabase}); empty: the users file does.
     */
    public Optional<List<String>> ntlmWinbindCommand() {
        return Optional.ofNullable(ntlmWinbindCommand);
    }

    /** Whether the agent patches the JDK's GSS acceptor to let unframed first tokens through (gss/JdkFramingPatch). */
    public boolean agentUnframedTokens() {
        return agentUnframedTokens;
    }

    public Path krb5Conf() {
        return krb5Conf;
    }

    /** How long a look at krb5.conf is trusted: a change is seen by the first use after this interval. */
    public Duration krb5ConfCheckInterval() {
        return krb5ConfCheckInterval;
    }

    /**
     * javax.security.auth.useSubjectCredsOnly (JDK default true): a Kerberos initiator takes its credentials
     * only from the JAAS Subject, never from a ccache, keytab or password elsewhere.
     */
    public boolean useSubjectCredsOnly() {
        return useSubjectCredsOnly;
    }

    /** The environment variables as seen when the config was made (KRB5CCNAME, KRB5_KTNAME, ...). */
    public Environment environment() {
        return environment;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.allowWeakCrypto = allowWeakCrypto;
        b.mechanisms = mechanisms;
        b.ntlmFallback = ntlmFallback;
        b.requireMutualAuth = requireMutualAuth;
        b.replayCache = replayCache;
        b.replayCacheMaxEntries = replayCacheMaxEntries;
        b.maxTokenSize = maxTokenSize;
        b.ntlmUserFile = ntlmUserFile;
        b.ntlmTimestampWindow = ntlmTimestampWindow;
        b.ntlmServiceNames = ntlmServiceNames;
        b.ntlmTargetNameCheck = ntlmTargetNameCheck;
        b.ntlmAllowAnonymous = ntlmAllowAnonymous;
        b.ntlmWinbindCommand = ntlmWinbindCommand;
        b.agentUnframedTokens = agentUnframedTokens;
        b.krb5Conf = krb5Conf;
        b.krb5ConfCheckInterval = krb5ConfCheckInterval;
        b.environment = environment;
        b.useSubjectCredsOnly = useSubjectCredsOnly;
        return b;
    }

    public static final class Builder {
        private boolean allowWeakCrypto;
        private List<MechOid> mechanisms = List.of(MechOid.KERBEROS, MechOid.NTLM);
        private boolean ntlmFallback = true;
        private boolean requireMutualAuth;
        private boolean replayCache = true;
        private int replayCacheMaxEntries = 16_000_000;
        private int maxTokenSize = 65536;
        private Path ntlmUserFile;
        private Duration ntlmTimestampWindow = Duration.ofMinutes(5);
        private List<String> ntlmServiceNames = List.of();
        private TargetNameCheck ntlmTargetNameCheck = TargetNameCheck.WHEN_SENT;
        private boolean ntlmAllowAnonymous;
        private List<String> ntlmWinbindCommand;
        private boolean agentUnframedTokens = true;
        private Path krb5Conf = Path.of("/etc/krb5.conf");
        private Duration krb5ConfCheckInterval = Duration.ofSeconds(1);
        private Environment environment = Environment.none();
        private boolean useSubjectCredsOnly = true;

        private Builder() {}

        public Builder useSubjectCredsOnly(boolean v) {
            this.useSubjectCredsOnly = v;
            return this;
        }

        /** Kerberos rc4-hmac allowed or not ({@link NegotiateConfig#allowWeakCrypto()}); never NTLMv1 or LM. */
        public Builder allowWeakCrypto(boolean v) {
            this.allowWeakCrypto = v;
            return this;
        }

        public Builder mechanisms(List<MechOid> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("at least one mechanism is required");
            }
            this.mechanisms = List.copyOf(v);
            return this;
        }

        public Builder ntlmFallback(boolean v) {
            this.ntlmFallback = v;
            return this;
        }

        public Builder requireMutualAuth(boolean v) {
            this.requireMutualAuth = v;
            return this;
        }

        public Builder replayCache(boolean v) {
            this.replayCache = v;
            return this;
        }

        public Builder replayCacheMaxEntries(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("jnegotiate.replayCache.maxEntries must be positive: " + v);
            }
            this.replayCacheMaxEntries = v;
            return this;
        }

        public Builder maxTokenSize(int v) {
            if (v < 1024 || v > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxTokenSize must be between 1 KiB and 16 MiB: " + v);
            }
            this.maxTokenSize = v;
            return this;
        }

        public Builder krb5ConfCheckInterval(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("krb5.conf check interval must not be negative: " + v);
            }
            this.krb5ConfCheckInterval = v;
            return this;
        }

        public Builder ntlmUserFile(Path v) {
            this.ntlmUserFile = v;
            return this;
        }

        public Builder ntlmTimestampWindow(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("ntlm timestamp window must be positive: " + v);
            }
            this.ntlmTimestampWindow = v;
            return this;
        }

        /** SPNs such as {@code HTTP/web.example.com}; {@code service@host} is read as {@code service/host}. */
        public Builder ntlmServiceNames(List<String> v) {
            for (String spn : v) {
                if (spn.isBlank() || !(spn.contains("/") || spn.contains("@"))) {
                    throw new IllegalArgumentException(
                            "jnegotiate.ntlm.serviceNames: '" + spn + "' is not an SPN (service/host)");
                }
            }
            this.ntlmServiceNames = List.copyOf(v);
            return this;
        }

        public Builder ntlmTargetNameCheck(TargetNameCheck v) {
            this.ntlmTargetNameCheck = Objects.requireNonNull(v);
            return this;
        }

        public Builder agentUnframedTokens(boolean v) {
            this.agentUnframedTokens = v;
            return this;
        }

        /** Domain validation of NTLM logons through {@code command} (winbind's ntlm-server-1 helper); null: none. */
        public Builder ntlmWinbindCommand(List<String> command) {
            if (command != null && (command.isEmpty() || command.get(0).isBlank())) {
                throw new IllegalArgumentException("jnegotiate.ntlm.winbindCommand is empty");
            }
            this.ntlmWinbindCommand = command == null ? null : List.copyOf(command);
            return this;
        }

        public Builder ntlmAllowAnonymous(boolean v) {
            this.ntlmAllowAnonymous = v;
            return this;
        }

        public Builder krb5Conf(Path v) {
            this.krb5Conf = Objects.requireNonNull(v);
            return this;
        }

        /** The environment variables JNegotiate honours, picked out of {@code variables} once, here. */
        public Builder environment(Map<String, String> variables) {
            return environment(Environment.of(variables));
        }

        public Builder environment(Environment v) {
            this.environment = Objects.requireNonNull(v);
            return this;
        }

        public NegotiateConfig build() {
            return new NegotiateConfig(this);
        }
    }
}
