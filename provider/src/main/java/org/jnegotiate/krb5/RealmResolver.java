package org.jnegotiate.krb5;

import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Maps a host name to its Kerberos realm, so that {@code HTTP@host} becomes {@code HTTP/host@REALM}.
 * {@link #of(Krb5Config)} reads krb5.conf; tests pass a lambda.
 */
@FunctionalInterface
public interface RealmResolver {

    /**
     * The realm of {@code host} (lower-cased, as the application gave it).
     * Fails with {@code TARGET_UNKNOWN} when no realm can be determined.
     */
    String realmOf(String host) throws NegotiateException;

    /** krb5.conf {@code [domain_realm]}, else {@code default_realm}. */
    static RealmResolver of(Krb5Config config) {
        return host -> config.realmOfHost(host)
                .orElseThrow(() -> new NegotiateException(
                        Failure.TARGET_UNKNOWN,
                        "no realm for host " + host + ": no [domain_realm] entry and no default_realm in "
                                + config.source()));
    }
}
