package org.jnegotiate.krb5.names;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * A user name as people type it at a Windows logon prompt, turned into the client principal of a Kerberos login:
 * <ul>
 *   <li>{@code alice} and {@code alice@REALM} (a realm spelled as krb5.conf spells it): the principal, as MIT reads it;</li>
 *   <li>{@code alice@ad.example.test}, a UPN whose suffix names a known realm in another case, or a DNS domain that
 *       {@code [domain_realm]} maps to a realm: the enterprise name {@code alice\@ad.example.test} (NT-ENTERPRISE,
 *       RFC 6806) sent to that realm, whose KDC finds the account and answers with its canonical name. Realm
 *       names are compared without regard to case here, as Windows compares domain names. When the suffix is the
 *       realm's own name, {@code alice@AD.EXAMPLE.TEST} is the fallback for a KDC that knows no enterprise names
 *       (MIT before 1.22 without LDAP);</li>
 *   <li>{@code AD\alice} (down-level logon name): {@code alice} at the one known realm whose name, or whose first
 *       DNS label, is {@code AD} (case-insensitive); refused when none or several match.</li>
 * </ul>
 * MIT's own spelling of an enterprise name, {@code alice\@upn.suffix@REALM}, is one too. The known realms are
 * {@code default_realm} and the realms of {@code [realms]}. Anything else is parsed as a principal name, as
 * before.
 *
 * @param principal the name to send in the AS-REQ (its realm is the realm whose KDC is asked)
 * @param fallback  the principal to try when the KDC does not know {@code principal}
 */
public record LoginName(KerberosName principal, Optional<KerberosName> fallback) {
    public LoginName {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * The login for {@code typed}.
     *
     * @throws NegotiateException INVALID_PARAMETER for an empty or malformed name, a down-level name whose domain
     *                            matches no known realm or several
     */
    public static LoginName of(String typed, Krb5Config config) throws NegotiateException {
        if (typed == null || typed.isEmpty()) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "empty user name");
        }
        Optional<String> defaultRealm = config.defaultRealm();
        int backslash = typed.indexOf('\\');
        if (backslash > 0 && typed.indexOf('@') < 0 && typed.indexOf('/') < 0) {
            return downLevel(typed.substring(0, backslash), typed.substring(backslash + 1), typed, config);
        }
        KerberosName parsed = KerberosName.parse(typed, defaultRealm.orElse(null), KerberosName.NT_PRINCIPAL);
        String suffix = parsed.realm();
        if (parsed.components().size() == 1 && parsed.components().get(0).indexOf('@') > 0) {
            // MIT's spelling of an enterprise name: alice\@upn.suffix@REALM
            return new LoginName(
                    new KerberosName(KerberosName.NT_ENTERPRISE, parsed.components(), suffix), Optional.empty());
        }
        if (parsed.components().size() != 1
                || !typed.contains("@")
                || knownRealms(config).contains(suffix)) {
            return new LoginName(parsed, Optional.empty());
        }
        String user = parsed.components().get(0);
        Optional<String> sameRealm = knownRealms(config).stream()
                .filter(r -> r.equalsIgnoreCase(suffix))
                .findFirst();
        // a DNS domain's realm: [domain_realm] for the domain itself, or its ".domain" entry (that of its hosts)
        Optional<String> realm = sameRealm.or(() -> suffix.contains(".")
                ? config.realmOfHostMapping(suffix).or(() -> config.realmOfHostMapping("." + suffix))
                : Optional.empty());
        if (realm.isEmpty()) {
            return new LoginName(parsed, Optional.empty()); // a realm this file does not know: as MIT reads it
        }
        KerberosName enterprise =
                new KerberosName(KerberosName.NT_ENTERPRISE, List.of(user + "@" + suffix), realm.get());
        return new LoginName(
                enterprise, sameRealm.map(r -> new KerberosName(KerberosName.NT_PRINCIPAL, List.of(user), r)));
    }

    private static LoginName downLevel(String domain, String user, String typed, Krb5Config config)
            throws NegotiateException {
        if (user.isEmpty() || user.indexOf('\\') >= 0) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER, "malformed user name '" + typed + "': expected DOMAIN\\user");
        }
        List<String> matches = new ArrayList<>();
        for (String realm : knownRealms(config)) {
            String firstLabel = realm.indexOf('.') < 0 ? realm : realm.substring(0, realm.indexOf('.'));
            if (realm.equalsIgnoreCase(domain) || firstLabel.equalsIgnoreCase(domain)) {
                matches.add(realm);
            }
        }
        if (matches.size() != 1) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER,
                    "cannot tell the realm of '" + typed + "': "
                            + (matches.isEmpty()
                                    ? "no realm of " + config.source() + " is " + domain.toUpperCase(Locale.ROOT)
                                            + " or has it as its first label"
                                    : "the realms " + matches + " all match " + domain)
                            + "; log in as user@REALM");
        }
        return new LoginName(
                new KerberosName(KerberosName.NT_PRINCIPAL, List.of(user), matches.get(0)), Optional.empty());
    }

    /** default_realm, then the realms of [realms], in file order. */
    private static Set<String> knownRealms(Krb5Config config) {
        Set<String> realms = new LinkedHashSet<>();
        config.defaultRealm().ifPresent(realms::add);
        realms.addAll(config.realms().keySet());
        return realms;
    }
}
