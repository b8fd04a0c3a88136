package org.jnegotiate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jnegotiate.config.NegotiateConfig.Builder;
import org.jnegotiate.config.NegotiateConfig.TargetNameCheck;
import org.jnegotiate.mech.MechOid;

/**
 * Reads a {@link NegotiateConfig} from system properties and environment variables. This is the only class that
 * reads them (once, in {@link #fromSystem()}, at the edge); everything else gets a config handed in.
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
public final class NegotiateConfigReader {

    private NegotiateConfigReader() {}

    /** Reads the system properties and environment variables listed in the class comment. */
    public static NegotiateConfig fromSystem() {
        return fromSystem(NegotiateConfig.defaults());
    }

    /**
     * As {@link #fromSystem()}, where {@code base} gives the value of every property that is not set (a door whose
     * callers expect other defaults, such as {@code useSubjectCredsOnly} false for HTTP clients, passes them here).
     */
    public static NegotiateConfig fromSystem(NegotiateConfig base) {
        return fromProperties(System.getProperties(), System.getenv(), base);
    }

    /** As {@link #fromSystem()}, from the given sources (for tests). */
    public static NegotiateConfig fromProperties(Properties p, Map<String, String> variables) {
        return fromProperties(p, variables, NegotiateConfig.defaults());
    }

    private static NegotiateConfig fromProperties(Properties p, Map<String, String> variables, NegotiateConfig base) {
        Environment env = Environment.of(variables);
        Builder b = base.toBuilder();
        b.environment(env);
        b.allowWeakCrypto(bool(p, "jnegotiate.allowWeakCrypto", base.allowWeakCrypto()));
        String mechs = p.getProperty("jnegotiate.mechanisms");
        if (mechs != null) {
            b.mechanisms(parseMechanisms(mechs));
        }
        b.ntlmFallback(bool(p, "jnegotiate.ntlmFallback", base.ntlmFallback()));
        b.requireMutualAuth(bool(p, "jnegotiate.requireMutualAuth", base.requireMutualAuth()));
        b.useSubjectCredsOnly(bool(p, "javax.security.auth.useSubjectCredsOnly", base.useSubjectCredsOnly()));
        b.replayCache(bool(p, "jnegotiate.replayCache", base.replayCache()));
        b.replayCacheMaxEntries(integer(p, "jnegotiate.replayCache.maxEntries", base.replayCacheMaxEntries()));
        b.maxTokenSize(integer(p, "jnegotiate.maxTokenSize", base.maxTokenSize()));
        String userFile =
                p.getProperty("jnegotiate.ntlm.userFile", env.ntlmUserFile().orElse(null));
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
        b.ntlmAllowAnonymous(bool(p, "jnegotiate.ntlm.allowAnonymous", base.ntlmAllowAnonymous()));
        String winbind = p.getProperty("jnegotiate.ntlm.winbindCommand");
        if (winbind != null) {
            b.ntlmWinbindCommand(List.of(winbind.trim().split("\\s+")));
        }
        b.agentUnframedTokens(bool(p, "jnegotiate.agent.unframedTokens", base.agentUnframedTokens()));
        String conf = p.getProperty("java.security.krb5.conf", env.krb5Config().orElse(null));
        if (conf != null && !conf.isBlank()) {
            b.krb5Conf(Path.of(conf.split(":")[0]));
        }
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
                throw new IllegalArgumentException(
                        "jnegotiate.ntlm.targetNameCheck must be true, required or false, not '" + v + "'");
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

    private static int integer(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + v, e);
        }
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
}
