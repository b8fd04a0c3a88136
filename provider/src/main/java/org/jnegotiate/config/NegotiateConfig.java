package org.jnegotiate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jnegotiate.mech.MechOid;

/**
 * The engine's policy, immutable. This is the only class that reads system properties and
 * environment variables (once, in {@link #fromSystem()}); everything else gets a config handed in.
 *
 * <p>Kerberos settings that belong in krb5.conf (realms, KDCs, enctypes, clock skew) are read from
 * krb5.conf by the Kerberos mechanism; this class only says where krb5.conf is.
 *
 * <table>
 * <caption>System properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>jnegotiate.allowWeakCrypto</td><td>false</td><td>allow rc4-hmac (Kerberos); NTLMv1 and LM stay refused
 * whatever it says (README, NTLM policy)</td></tr>
 * <tr><td>jnegotiate.mechanisms</td><td>kerberos,ntlm</td><td>Negotiate's package list; {@code !ntlm} removes one</td></tr>
 * <tr><td>jnegotiate.ntlmFallback</td><td>true</td><td>whether Negotiate may fall back to NTLM</td></tr>
 * <tr><td>jnegotiate.requireMutualAuth</td><td>false</td><td>refuse contexts that did not authenticate the acceptor:
 * the engine fails an initiator that would complete without it (NTLM, Kerberos without an AP-REP) with
 * {@code MUTUAL_AUTH_FAILED}</td></tr>
 * <tr><td>jnegotiate.replayCache</td><td>true</td><td>acceptor replay cache for Kerberos AP-REQs (one per JVM, shared
 * by every engine and service principal)</td></tr>
 * <tr><td>jnegotiate.replayCache.maxEntries</td><td>16000000</td><td>authenticators remembered at most (about 17 bytes
 * each); when full, new logons are refused rather than a live entry forgotten</td></tr>
 * <tr><td>jnegotiate.maxTokenSize</td><td>65536</td><td>largest context token accepted (bytes)</td></tr>
 * <tr><td>jnegotiate.ntlm.userFile</td><td>$NTLM_USER_FILE</td><td>NTLM credentials file, lines {@code DOMAIN:USER:PASSWORD}</td></tr>
 * <tr><td>jnegotiate.ntlm.timestampWindow</td><td>PT5M</td><td>how far an NTLMv2 timestamp may be from now</td></tr>
 * <tr><td>jnegotiate.ntlm.serviceNames</td><td>(none)</td><td>the SPNs an NTLM acceptor answers for, comma-separated
 * ({@code HTTP/web.example.com,host/web.example.com}): a client's MsvAvTargetName must name one of them</td></tr>
 * <tr><td>jnegotiate.ntlm.targetNameCheck</td><td>true</td><td>check the client's MsvAvTargetName against the
 * acceptor's names when no channel bindings are set (Extended Protection's service binding): {@code true} when the
 * client sends one, {@code required} also refuses clients that send none, {@code false} never</td></tr>
 * <tr><td>jnegotiate.ntlm.winbindCommand</td><td>(none)</td><td>when set, NTLM acceptors (raw and inside
 * Negotiate) have the domain check NTLMv2 responses through this winbind helper command line instead of the users
 * file, e.g. {@code ntlm_auth --helper-protocol=ntlm-server-1} (words split at blanks)</td></tr>
 * <tr><td>jnegotiate.ntlm.allowAnonymous</td><td>false</td><td>accept anonymous NTLM logons (no session security)</td></tr>
 * <tr><td>jnegotiate.agent.unframedTokens</td><td>true</td><td>the agent patches the JDK's GSS acceptor so that an
 * unframed first token (raw NTLMSSP, a bare NegTokenResp) reaches the SPNEGO acceptor; {@code false}: no patch</td></tr>
 * <tr><td>javax.security.auth.useSubjectCredsOnly</td><td>true</td><td>Kerberos initiators take credentials only from the JAAS Subject</td></tr>
 * <tr><td>java.security.krb5.conf</td><td>$KRB5_CONFIG, /etc/krb5.conf</td><td>krb5.conf location</td></tr>
 * <tr><td>jnegotiate.krb5.confCheckInterval</td><td>PT1S</td><td>how often krb5.conf is looked at for changes
 * (at most once per interval, on use); PT0S on every use</td></tr>
 * </table>
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

    /** Reads the system properties and environment variables listed in the class comment. */
    public static NegotiateConfig fromSystem() {
        return fromProperties(System.getProperties(), System.getenv());
    }

    /** As {@link #fromSystem()}, from the given sources (for tests). */
    public static NegotiateConfig fromProperties(Properties p, Map<String, String> variables) {
        Environment env = Environment.of(variables);
        Builder b = builder();
        b.environment(env);
        b.allowWeakCrypto(bool(p, "jnegotiate.allowWeakCrypto", false));
        String mechs = p.getProperty("jnegotiate.mechanisms");
        if (mechs != null) {
            b.mechanisms(parseMechanisms(mechs));
        }
        b.ntlmFallback(bool(p, "jnegotiate.ntlmFallback", true));
        b.requireMutualAuth(bool(p, "jnegotiate.requireMutualAuth", false));
        b.useSubjectCredsOnly(bool(p, "javax.security.auth.useSubjectCredsOnly", true));
        b.replayCache(bool(p, "jnegotiate.replayCache", true));
        String maxEntries = p.getProperty("jnegotiate.replayCache.maxEntries");
        if (maxEntries != null) {
            try {
                b.replayCacheMaxEntries(Integer.parseInt(maxEntries.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("jnegotiate.replayCache.maxEntries is not a number: " + maxEntries, e);
            }
        }
        String max = p.getProperty("jnegotiate.maxTokenSize");
        if (max != null) {
            try {
                b.maxTokenSize(Integer.parseInt(max.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("jnegotiate.maxTokenSize is not a number: " + max, e);
            }
        }
        String userFile = p.getProperty("jnegotiate.ntlm.userFile", env.ntlmUserFile().orElse(null));
        if (userFile != null && !userFile.isBlank()) {
            b.ntlmUserFile(Path.of(userFile));
        }
        String window = p.getProperty("jnegotiate.ntlm.timestampWindow");
        if (window != null) {
            b.ntlmTimestampWindow(Duration.parse(window.trim()));
        }
        String spns = p.getProperty("jnegotiate.ntlm.serviceNames");
        if (spns != null) {
            b.ntlmServiceNames(parseList(spns));
        }
        String check = p.getProperty("jnegotiate.ntlm.targetNameCheck");
        if (check != null) {
            b.ntlmTargetNameCheck(parseTargetNameCheck(check));
        }
        b.ntlmAllowAnonymous(bool(p, "jnegotiate.ntlm.allowAnonymous", false));
        String winbind = p.getProperty("jnegotiate.ntlm.winbindCommand");
        if (winbind != null) {
            b.ntlmWinbindCommand(List.of(winbind.trim().split("\\s+")));
        }
        b.agentUnframedTokens(bool(p, "jnegotiate.agent.unframedTokens", true));
        String conf = p.getProperty("java.security.krb5.conf", env.krb5Config().orElse(null));
        b.krb5Conf(Path.of(conf != null && !conf.isBlank() ? conf.split(":")[0] : "/etc/krb5.conf"));
        String interval = p.getProperty("jnegotiate.krb5.confCheckInterval");
        if (interval != null) {
            b.krb5ConfCheckInterval(Duration.parse(interval.trim()));
        }
        return b.build();
    }

    /**
     * Parses a package list in the style of SSPI's Negotiate package list: {@code kerberos,ntlm}, or a
     * removal {@code !ntlm} from the default list.
     */
    public static List<MechOid> parseMechanisms(String text) {
        List<MechOid> base = new java.util.ArrayList<>(List.of(MechOid.KERBEROS, MechOid.NTLM));
        List<MechOid> explicit = new java.util.ArrayList<>();
        boolean anyExplicit = false;
        for (String raw : text.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            boolean remove = item.startsWith("!");
            MechOid m = mechanismNamed(remove ? item.substring(1) : item);
            if (remove) {
                base.remove(m);
            } else {
                anyExplicit = true;
                if (!explicit.contains(m)) {
                    explicit.add(m);
                }
            }
        }
        List<MechOid> result = anyExplicit ? explicit : base;
        if (result.isEmpty()) {
            throw new IllegalArgumentException("jnegotiate.mechanisms leaves no mechanism: " + text);
        }
        return result;
    }

    private static MechOid mechanismNamed(String name) {
        switch (name) {
            case "kerberos":
            case "krb5":
                return MechOid.KERBEROS;
            case "ntlm":
                return MechOid.NTLM;
            default:
                throw new IllegalArgumentException("unknown mechanism '" + name + "' (expected kerberos or ntlm)");
        }
    }

    private static TargetNameCheck parseTargetNameCheck(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "false":
                return TargetNameCheck.OFF;
            case "true":
                return TargetNameCheck.WHEN_SENT;
            case "required":
                return TargetNameCheck.REQUIRED;
            default:
                throw new IllegalArgumentException("jnegotiate.ntlm.targetNameCheck must be true, required or false, not '"
                        + v + "'");
        }
    }

    private static List<String> parseList(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String raw : text.split(",")) {
            if (!raw.isBlank()) {
                out.add(raw.trim());
            }
        }
        return out;
    }

    private static boolean bool(Properties p, String key, boolean dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        }
    }

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

        private Builder() {
        }

        public Builder useSubjectCredsOnly(boolean v) {
            this.useSubjectCredsOnly = v;
            return this;
        }

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
                    throw new IllegalArgumentException("jnegotiate.ntlm.serviceNames: '" + spn
                            + "' is not an SPN (service/host)");
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
