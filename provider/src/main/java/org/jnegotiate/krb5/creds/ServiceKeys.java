package org.jnegotiate.krb5.creds;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.krb5.names.KerberosName;

/**
 * The acceptor side of a Kerberos credential: the long-term keys of its service principals.
 *
 * @param principal the service asked for; empty when none was, and the credential then accepts for any principal
 *                  it holds a key of
 * @param keys      the keys (of {@code principal} only, when given)
 * @param keyTabs   the Subject's unbound KeyTabs, looked up per ticket (only when no principal was asked for)
 * @param origin    where they came from, for messages: "keytab /etc/krb5.keytab", "Subject keys"
 */
record ServiceKeys(
        Optional<KerberosName> principal, List<KeytabKey> keys, Optional<SubjectKeyTabs> keyTabs, String origin) {
    ServiceKeys {
        Objects.requireNonNull(principal, "principal");
        keys = List.copyOf(keys);
        Objects.requireNonNull(keyTabs, "keyTabs");
        Objects.requireNonNull(origin, "origin");
        if (principal.isPresent() && keyTabs.isPresent()) {
            throw new IllegalArgumentException("unbound KeyTabs serve a credential for any principal only");
        }
    }

    /** Whether the credential accepts for any of its principals (no name was asked for). */
    boolean acceptAny() {
        return principal.isEmpty();
    }
}
