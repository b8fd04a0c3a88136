package org.jnegotiate.krb5.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One realm of krb5.conf's [realms] section.
 *
 * @param kdcs          the {@code kdc} entries in file order, as written ({@code host}, {@code host:port},
 *                      {@code [v6addr]:port}); parsed by the KDC locator
 * @param adminServers  the {@code admin_server} entries
 * @param defaultDomain the {@code default_domain}, if any
 * @param httpAnchors   the {@code http_anchors} entries (MIT: the CAs trusted to certify the realm's HTTPS KDC
 *                      proxies, {@code FILE:path} or {@code DIR:path})
 */
public record RealmConfig(
        String name,
        List<String> kdcs,
        List<String> adminServers,
        Optional<String> defaultDomain,
        List<String> httpAnchors) {
    public RealmConfig {
        Objects.requireNonNull(name, "name");
        kdcs = List.copyOf(kdcs);
        httpAnchors = List.copyOf(httpAnchors);
        adminServers = List.copyOf(adminServers);
        Objects.requireNonNull(defaultDomain, "defaultDomain");
    }
}
