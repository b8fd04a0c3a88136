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
 */
public record RealmConfig(String name, List<String> kdcs, List<String> adminServers, Optional<String> defaultDomain) {
    public RealmConfig {
        Objects.requireNonNull(name, "name");
        kdcs = List.copyOf(kdcs);
        adminServers = List.copyOf(adminServers);
        Objects.requireNonNull(defaultDomain, "defaultDomain");
    }
}
