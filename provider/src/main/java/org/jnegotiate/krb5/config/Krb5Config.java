package org.jnegotiate.krb5.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.EnctypePolicy;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The parts of krb5.conf the Kerberos mechanism uses, immutable. Defaults follow MIT krb5 except
 * {@code kdc_timeout} (3 s here, as the JDK; MIT waits 1 s per UDP try but has more retries).
 *
 * <p>Obtain with {@link #load(NegotiateConfig)} (the path chosen by {@link NegotiateConfig#krb5Conf()}),
 * {@link #load(Path)} or {@link #parse(String)}.
 */
public final class Krb5Config {
    private final String source;
    private final Optional<String> defaultRealm;
    private final boolean dnsLookupKdc;
    private final boolean dnsLookupRealm;
    private final int udpPreferenceLimit;
    private final Duration kdcTimeout;
    private final int maxRetries;
    private final Duration clockSkew;
    private final boolean forwardable;
    private final Duration ticketLifetime;
    private final Optional<Duration> renewLifetime;
    private final List<EncryptionType> defaultTktEnctypes;
    private final List<EncryptionType> defaultTgsEnctypes;
    private final List<EncryptionType> permittedEnctypes;
    private final Optional<String> defaultKeytabName;
    private final Optional<String> defaultClientKeytabName;
    private final Optional<String> defaultCcacheName;
    private final boolean rdns;
    private final boolean dnsCanonicalizeHostname;
    private final Map<String, RealmConfig> realms;
    private final Map<String, String> domainRealm;
    private final Map<String, Map<String, List<String>>> capaths;

    private Krb5Config(String source, Map<String, ProfileParser.Node> tree) throws NegotiateException {
        this.source = source;
        ProfileParser.Node lib = tree.getOrDefault("libdefaults", new ProfileParser.Node());
        Lib l = new Lib(lib, source);
        this.defaultRealm = l.string("default_realm");
        this.dnsLookupKdc = l.bool("dns_lookup_kdc", true);
        this.dnsLookupRealm = l.bool("dns_lookup_realm", false);
        this.udpPreferenceLimit = l.integer("udp_preference_limit", 1465);
        this.kdcTimeout = l.duration("kdc_timeout", Duration.ofSeconds(3), true);
        this.maxRetries = l.integer("max_retries", 3);
        this.clockSkew = l.duration("clockskew", Duration.ofSeconds(300), false);
        this.forwardable = l.bool("forwardable", false);
        this.ticketLifetime = l.duration("ticket_lifetime", Duration.ofDays(1), false);
        this.renewLifetime = l.string("renew_lifetime").isPresent()
                ? Optional.of(l.duration("renew_lifetime", Duration.ZERO, false))
                : Optional.empty();
        List<EncryptionType> permitted = l.enctypes("permitted_enctypes", EnctypePolicy.MIT_DEFAULT);
        this.permittedEnctypes = permitted;
        this.defaultTktEnctypes = l.enctypes("default_tkt_enctypes", permitted);
        this.defaultTgsEnctypes = l.enctypes("default_tgs_enctypes", permitted);
        this.defaultKeytabName = l.string("default_keytab_name");
        this.defaultClientKeytabName = l.string("default_client_keytab_name");
        this.defaultCcacheName = l.string("default_ccache_name");
        this.rdns = l.bool("rdns", true);
        this.dnsCanonicalizeHostname = l.bool("dns_canonicalize_hostname", true);
        this.realms = readRealms(tree.get("realms"));
        this.domainRealm = readDomainRealm(tree.get("domain_realm"));
        this.capaths = readCapaths(tree.get("capaths"));
    }

    /** [capaths]: CLIENT-REALM = { SERVER-REALM = INTERMEDIATE ... }, the values in file order. */
    private static Map<String, Map<String, List<String>>> readCapaths(ProfileParser.Node section) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        for (Map.Entry<String, List<Object>> client : section.relations.entrySet()) {
            Map<String, List<String>> servers = out.computeIfAbsent(client.getKey(), k -> new LinkedHashMap<>());
            for (Object v : client.getValue()) {
                if (v instanceof ProfileParser.Node block) {
                    for (String server : block.relations.keySet()) {
                        servers.computeIfAbsent(server, k -> new ArrayList<>()).addAll(strings(block, server));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The [capaths] entry for going from {@code clientRealm} to {@code serverRealm}: the intermediate realms in
     * order, empty for direct trust ({@code "."}); absent when the file has no entry (the path is then
     * hierarchical, as MIT computes it).
     */
    public Optional<List<String>> capath(String clientRealm, String serverRealm) {
        List<String> values = capaths.getOrDefault(clientRealm, Map.of()).get(serverRealm);
        if (values == null) {
            return Optional.empty();
        }
        return Optional.of(values.stream().filter(v -> !v.equals(".")).toList());
    }

    /**
     * Loads the krb5.conf that {@code config} names.
     *
     * @throws NegotiateException NO_AUTHENTICATING_AUTHORITY when the file does not exist (the message
     *                            names the path and where the path is taken from), INVALID_PARAMETER for
     *                            a syntax error (with file and line)
     */
    public static Krb5Config load(NegotiateConfig config) throws NegotiateException {
        Path path = config.krb5Conf();
        if (!Files.isRegularFile(path)) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    "krb5.conf not found at " + path
                            + " (looked at the system property java.security.krb5.conf, then the environment variable "
                            + "KRB5_CONFIG"
                            + config.environment()
                                    .krb5Config()
                                    .map(v -> " [=" + v + "]")
                                    .orElse(" [unset]")
                            + ", then /etc/krb5.conf)");
        }
        return load(path);
    }

    /** Loads a krb5.conf file (following its includes). */
    public static Krb5Config load(Path path) throws NegotiateException {
        if (!Files.isRegularFile(path)) {
            throw new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "krb5.conf not found at " + path);
        }
        try {
            return new Krb5Config(path.toString(), ProfileParser.parseFile(path));
        } catch (IOException e) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY, "cannot read krb5.conf " + path + ": " + e, e);
        }
    }

    /** Parses krb5.conf text (tests, embedded configurations). */
    public static Krb5Config parse(String text) throws NegotiateException {
        return new Krb5Config("<text>", ProfileParser.parseText(text, "<text>"));
    }

    private static Map<String, RealmConfig> readRealms(ProfileParser.Node section) throws NegotiateException {
        Map<String, RealmConfig> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        for (Map.Entry<String, List<Object>> e : section.relations.entrySet()) {
            List<String> kdcs = new ArrayList<>();
            List<String> admins = new ArrayList<>();
            List<String> anchors = new ArrayList<>();
            String defaultDomain = null;
            for (Object v : e.getValue()) {
                if (!(v instanceof ProfileParser.Node)) {
                    throw new NegotiateException(
                            Failure.INVALID_PARAMETER,
                            "krb5.conf [realms] " + e.getKey() + " must be a { } block, not '" + v + "'");
                }
                ProfileParser.Node block = (ProfileParser.Node) v;
                kdcs.addAll(strings(block, "kdc"));
                admins.addAll(strings(block, "admin_server"));
                anchors.addAll(strings(block, "http_anchors"));
                List<String> dd = strings(block, "default_domain");
                if (!dd.isEmpty() && defaultDomain == null) {
                    defaultDomain = dd.get(0);
                }
            }
            out.put(e.getKey(), new RealmConfig(e.getKey(), kdcs, admins, Optional.ofNullable(defaultDomain), anchors));
        }
        return out;
    }

    private static Map<String, String> readDomainRealm(ProfileParser.Node section) {
        Map<String, String> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        for (Map.Entry<String, List<Object>> e : section.relations.entrySet()) {
            for (Object v : e.getValue()) {
                if (v instanceof String s) {
                    // The first mapping for a domain wins, as in MIT's profile lookup.
                    out.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), s);
                }
            }
        }
        return out;
    }

    private static List<String> strings(ProfileParser.Node node, String name) {
        List<String> out = new ArrayList<>();
        for (Object v : node.relations.getOrDefault(name, List.of())) {
            if (v instanceof String s && !s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Where this configuration came from (a path, or {@code <text>}). */
    public String source() {
        return source;
    }

    public Optional<String> defaultRealm() {
        return defaultRealm;
    }

    /** The default realm, or NO_AUTHENTICATING_AUTHORITY saying that none is configured. */
    public String requireDefaultRealm() throws NegotiateException {
        return defaultRealm.orElseThrow(() -> new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY, "no default_realm in [libdefaults] of " + source));
    }

    public boolean dnsLookupKdc() {
        return dnsLookupKdc;
    }

    public boolean dnsLookupRealm() {
        return dnsLookupRealm;
    }

    /** Requests of at least this many bytes go over TCP first (MIT default 1465). */
    public int udpPreferenceLimit() {
        return udpPreferenceLimit;
    }

    /** How long to wait for one KDC's answer. */
    public Duration kdcTimeout() {
        return kdcTimeout;
    }

    /** How many times each KDC is tried. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public boolean forwardable() {
        return forwardable;
    }

    public Duration ticketLifetime() {
        return ticketLifetime;
    }

    public Optional<Duration> renewLifetime() {
        return renewLifetime;
    }

    /** Enctypes to request in AS-REQs, in preference order (weak ones not yet filtered). */
    public List<EncryptionType> defaultTktEnctypes() {
        return defaultTktEnctypes;
    }

    /** Enctypes to request in TGS-REQs, in preference order (weak ones not yet filtered). */
    public List<EncryptionType> defaultTgsEnctypes() {
        return defaultTgsEnctypes;
    }

    public List<EncryptionType> permittedEnctypes() {
        return permittedEnctypes;
    }

    /** {@code list} without weak enctypes unless {@code allowWeak}. */
    public static List<EncryptionType> applyPolicy(List<EncryptionType> list, boolean allowWeak) {
        return list.stream().filter(t -> allowWeak || !t.isWeak()).toList();
    }

    public Optional<String> defaultKeytabName() {
        return defaultKeytabName;
    }

    public Optional<String> defaultClientKeytabName() {
        return defaultClientKeytabName;
    }

    public Optional<String> defaultCcacheName() {
        return defaultCcacheName;
    }

    public boolean rdns() {
        return rdns;
    }

    public boolean dnsCanonicalizeHostname() {
        return dnsCanonicalizeHostname;
    }

    /** The realms of [realms] in file order. */
    public Map<String, RealmConfig> realms() {
        return java.util.Collections.unmodifiableMap(realms);
    }

    public Optional<RealmConfig> realm(String name) {
        return Optional.ofNullable(realms.get(name));
    }

    /**
     * The realm's entry, or NO_AUTHENTICATING_AUTHORITY naming the realm and the file when it has none.
     */
    public RealmConfig requireRealm(String name) throws NegotiateException {
        RealmConfig r = realms.get(name);
        if (r == null) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    "realm " + name + " is not in [realms] of " + source + " (known: " + realms.keySet() + ")");
        }
        return r;
    }

    /**
     * The realm of a host by [domain_realm], MIT rules: the full host name first, then each parent domain
     * written with a leading dot, longest first ({@code .example.com} matches {@code a.example.com} and
     * {@code a.b.example.com}; {@code example.com} without a dot matches only the host {@code example.com}).
     * Case-insensitive; a trailing dot is ignored.
     */
    public Optional<String> realmOfHostMapping(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String exact = domainRealm.get(h);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = h.indexOf('.'); dot >= 0; dot = h.indexOf('.', dot + 1)) {
            String r = domainRealm.get(h.substring(dot));
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** {@link #realmOfHostMapping(String)}, else the default realm (as the JDK does), else empty. */
    public Optional<String> realmOfHost(String host) {
        Optional<String> mapped = realmOfHostMapping(host);
        return mapped.isPresent() ? mapped : defaultRealm;
    }

    @Override
    public String toString() {
        return "Krb5Config[" + source + ", default_realm=" + defaultRealm.orElse("-") + ", realms=" + realms.keySet()
                + "]";
    }

    /** Typed reads of [libdefaults] relations, with the file named in every error. */
    private static final class Lib {
        private final ProfileParser.Node node;
        private final String source;

        Lib(ProfileParser.Node node, String source) {
            this.node = node;
            this.source = source;
        }

        Optional<String> string(String name) {
            List<String> v = strings(node, name);
            return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        boolean bool(String name, boolean dflt) throws NegotiateException {
            Optional<String> v = string(name);
            if (v.isEmpty()) {
                return dflt;
            }
            switch (v.get().toLowerCase(Locale.ROOT)) {
                case "y":
                case "yes":
                case "true":
                case "t":
                case "1":
                case "on":
                    return true;
                case "n":
                case "no":
                case "false":
                case "nil":
                case "0":
                case "off":
                    return false;
                default:
                    throw bad(name, v.get(), "a boolean");
            }
        }

        int integer(String name, int dflt) throws NegotiateException {
            Optional<String> v = string(name);
            if (v.isEmpty()) {
                return dflt;
            }
            try {
                int i = Integer.parseInt(v.get());
                if (i < 0) {
                    throw bad(name, v.get(), "a non-negative integer");
                }
                return i;
            } catch (NumberFormatException e) {
                throw bad(name, v.get(), "an integer");
            }
        }

        Duration duration(String name, Duration dflt, boolean allowZero) throws NegotiateException {
            Optional<String> v = string(name);
            if (v.isEmpty()) {
                return dflt;
            }
            Duration d = KrbDurations.parse(v.get());
            if (d == null || (!allowZero && d.isZero())) {
                throw bad(name, v.get(), "a duration such as 300, 5m, 10h30m, 1d or 1:30:00");
            }
            return d;
        }

        List<EncryptionType> enctypes(String name, List<EncryptionType> dflt) throws NegotiateException {
            Optional<String> v = string(name);
            if (v.isEmpty()) {
                return dflt;
            }
            try {
                return EnctypePolicy.parseKrb5Conf(v.get());
            } catch (NegotiateException e) {
                throw new NegotiateException(
                        Failure.INVALID_PARAMETER, source + " [libdefaults] " + name + ": " + e.getMessage(), e);
            }
        }

        private NegotiateException bad(String name, String value, String expected) {
            return new NegotiateException(
                    Failure.INVALID_PARAMETER,
                    source + " [libdefaults] " + name + " = '" + value + "' is not " + expected);
        }
    }
}
