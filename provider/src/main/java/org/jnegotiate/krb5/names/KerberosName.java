package org.jnegotiate.krb5.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kerby.kerberos.kerb.type.base.NameType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * An immutable Kerberos principal name (RFC 4120 section 6.2): name type, components and realm.
 * The text form is {@code comp1/comp2@REALM} with {@code \/}, {@code \@} and {@code \\} escapes.
 */
public record KerberosName(int nameType, List<String> components, String realm) {
    /** KRB_NT_PRINCIPAL. */
    public static final int NT_PRINCIPAL = 1;
    /** KRB_NT_SRV_INST. */
    public static final int NT_SRV_INST = 2;
    /** KRB_NT_SRV_HST. */
    public static final int NT_SRV_HST = 3;
    /** KRB_NT_ENTERPRISE. */
    public static final int NT_ENTERPRISE = 10;

    public KerberosName {
        components = List.copyOf(components);
        Objects.requireNonNull(realm, "realm");
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a principal name needs at least one component");
        }
    }

    /**
     * Parses {@code a/b@REALM}; a name without a realm gets {@code defaultRealm}.
     *
     * @throws NegotiateException {@link Failure#INVALID_PARAMETER} for an empty or malformed name
     */
    public static KerberosName parse(String text, String defaultRealm, int nameType) throws NegotiateException {
        if (text == null || text.isEmpty()) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "empty Kerberos principal name");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String realm = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (++i == text.length()) {
                    throw new NegotiateException(
                            Failure.INVALID_PARAMETER, "dangling escape in principal name '" + text + "'");
                }
                cur.append(text.charAt(i));
            } else if (c == '/' && realm == null) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else if (c == '@' && realm == null) {
                parts.add(cur.toString());
                cur.setLength(0);
                realm = "";
            } else {
                cur.append(c);
            }
        }
        if (realm == null) {
            parts.add(cur.toString());
            realm = defaultRealm;
        } else {
            realm = cur.toString();
        }
        if (realm == null || realm.isEmpty()) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER,
                    "principal name '" + text + "' has no realm and no default realm is configured");
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new NegotiateException(
                        Failure.INVALID_PARAMETER, "empty component in principal name '" + text + "'");
            }
        }
        return new KerberosName(nameType, parts, realm);
    }

    /** {@code service/host@REALM} with name type NT-SRV-HST. */
    public static KerberosName hostbasedService(String service, String host, String realm) {
        return new KerberosName(NT_SRV_HST, List.of(service, host), realm);
    }

    /** {@code krbtgt/REALM@REALM}. */
    public static KerberosName tgs(String realm) {
        return new KerberosName(NT_SRV_INST, List.of("krbtgt", realm), realm);
    }

    public static KerberosName fromKerby(PrincipalName name, String realm) {
        return new KerberosName(name.getNameType().getValue(), name.getNameStrings(), realm);
    }

    public PrincipalName toKerby() {
        PrincipalName p = new PrincipalName();
        p.setNameType(NameType.fromValue(nameType));
        p.setNameStrings(components);
        return p;
    }

    /** The name without the realm, escaped. */
    public String nameWithoutRealm() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            escape(sb, components.get(i));
        }
        return sb.toString();
    }

    /** Whether the two names denote the same principal (name type is not significant, RFC 4120 6.2). */
    public boolean samePrincipal(KerberosName other) {
        return components.equals(other.components) && realm.equals(other.realm);
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '@' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(nameWithoutRealm()).append('@');
        escape(sb, realm);
        return sb.toString();
    }
}
