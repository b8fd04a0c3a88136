package org.jnegotiate.krb5;

import org.jnegotiate.mech.NegotiateException;

/**
 * Maps a host name to its Kerberos realm (krb5.conf {@code [domain_realm]}, then the default realm), so that
 * {@code HTTP@host} becomes {@code HTTP/host@REALM}. The KDC/config package implements it from krb5.conf;
 * tests pass a lambda.
 */
@FunctionalInterface
public interface RealmResolver {

    /**
     * The realm of {@code host} (a fully qualified name as the application gave it).
     * Fails with {@code TARGET_UNKNOWN} when no realm can be determined.
     */
    String realmOf(String host) throws NegotiateException;
}
