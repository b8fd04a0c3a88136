package org.jnegotiate.mech;

import java.util.Objects;

/**
 * A name as the engine sees it: the text and how to read it. Mechanisms canonicalise it
 * ({@code HTTP@host} becomes {@code HTTP/host@REALM} in Kerberos; {@code user@domain} becomes
 * {@code DOMAIN\\user} in NTLM).
 */
public record PeerName(String name, Type type) {

    public enum Type {
        /** {@code service@host} (GSS_C_NT_HOSTBASED_SERVICE). */
        HOSTBASED_SERVICE,
        /** A Kerberos principal {@code a/b@REALM} (GSS_KRB5_NT_PRINCIPAL_NAME). */
        KERBEROS_PRINCIPAL,
        /** A user name ({@code user}, {@code DOMAIN\\user}, {@code user@domain}; GSS_C_NT_USER_NAME). */
        USER,
        /** The anonymous identity. */
        ANONYMOUS
    }

    public PeerName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static PeerName hostbased(String serviceAtHost) {
        return new PeerName(serviceAtHost, Type.HOSTBASED_SERVICE);
    }

    public static PeerName principal(String principal) {
        return new PeerName(principal, Type.KERBEROS_PRINCIPAL);
    }

    public static PeerName user(String user) {
        return new PeerName(user, Type.USER);
    }

    @Override
    public String toString() {
        return name;
    }
}
