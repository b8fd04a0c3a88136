package org.jnegotiate.krb5.kdc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.config.RealmConfig;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Finds a realm's KDCs: the {@code kdc} lines of [realms] in file order ({@code https://} lines are KDC proxies,
 * MS-KKDCP, with the realm's {@code http_anchors}); when there are none and
 * {@code dns_lookup_kdc} is on, the DNS SRV records {@code _kerberos._udp.REALM} and
 * {@code _kerberos._tcp.REALM} (RFC 4120 7.2.3.2), by priority then weight.
 */
public final class KdcLocator {

    /** Resolves SRV records to (priority, weight, port, target) entries. */
    @FunctionalInterface
    public interface SrvResolver {
        List<Srv> lookup(String name) throws NamingException;
    }

    /** One SRV record. */
    public record Srv(int priority, int weight, int port, String target) {}

    private static final System.Logger LOG = System.getLogger(KdcLocator.class.getName());

    private final Krb5Config config;
    private final SrvResolver dns;

    public KdcLocator(Krb5Config config) {
        this(config, KdcLocator::jndiSrv);
    }

    public KdcLocator(Krb5Config config, SrvResolver dns) {
        this.config = config;
        this.dns = dns;
    }

    /**
     * The KDCs of {@code realm} in the order to try them.
     *
     * @throws NegotiateException NO_AUTHENTICATING_AUTHORITY naming the realm when none is configured or found
     */
    public List<KdcAddress> locate(String realm) throws NegotiateException {
        Optional<RealmConfig> rc = config.realm(realm);
        List<KdcAddress> out = new ArrayList<>();
        if (rc.isPresent()) {
            for (String kdc : rc.get().kdcs()) {
                out.add(
                        KdcAddress.isProxyUrl(kdc)
                                ? KdcAddress.proxy(
                                        kdc, rc.get().name(), rc.get().httpAnchors())
                                : KdcAddress.parse(kdc));
            }
        }
        if (!out.isEmpty()) {
            return List.copyOf(out);
        }
        if (config.dnsLookupKdc()) {
            LinkedHashSet<KdcAddress> found = new LinkedHashSet<>();
            for (String proto : List.of("_udp", "_tcp")) {
                String name = "_kerberos." + proto + "." + realm;
                try {
                    List<Srv> records = new ArrayList<>(dns.lookup(name));
                    records.sort(Comparator.comparingInt(Srv::priority)
                            .thenComparing(Srv::weight, Comparator.reverseOrder()));
                    for (Srv s : records) {
                        String target = s.target().endsWith(".")
                                ? s.target().substring(0, s.target().length() - 1)
                                : s.target();
                        if (!target.isEmpty() && s.port() > 0 && s.port() < 65536) {
                            found.add(new KdcAddress(target, s.port()));
                        }
                    }
                } catch (NamingException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "DNS SRV lookup of {0} failed: {1}", name, e.toString());
                }
            }
            if (!found.isEmpty()) {
                return List.copyOf(found);
            }
        }
        throw new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                "no KDC known for realm " + realm + ": "
                        + (rc.isPresent()
                                ? "its [realms] entry in " + config.source() + " has no kdc line"
                                : "it is not in [realms] of " + config.source())
                        + (config.dnsLookupKdc()
                                ? " and DNS has no _kerberos SRV records for it"
                                : " and dns_lookup_kdc is off"));
    }

    /** SRV lookup through JNDI's DNS provider. */
    static List<Srv> jndiSrv(String name) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns:");
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = new InitialDirContext(env);
        try {
            Attributes attrs = ctx.getAttributes(name.toLowerCase(Locale.ROOT), new String[] {"SRV"});
            Attribute srv = attrs.get("SRV");
            List<Srv> out = new ArrayList<>();
            if (srv == null) {
                return out;
            }
            NamingEnumeration<?> values = srv.getAll();
            while (values.hasMore()) {
                String[] f = values.next().toString().trim().split("\\s+");
                if (f.length == 4) {
                    try {
                        out.add(new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
                    } catch (NumberFormatException ignored) {
                        // a malformed record is skipped, the others are used
                    }
                }
            }
            return out;
        } finally {
            ctx.close();
        }
    }
}
