package org.jnegotiate.ntlm;

import java.util.Objects;

/**
 * An NTLM account name: the UserName and DomainName sent in the AUTHENTICATE_MESSAGE.
 *
 * <p>{@link #parse} reads {@code DOMAIN\\user}, {@code user@DOMAIN} (a dotless NetBIOS domain) and UPNs
 * {@code user@dns.domain}: a UPN is sent as the user name with an empty domain, as Windows does.
 */
public record NtlmIdentity(String domain, String user) {

    public NtlmIdentity {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
    }

    public static NtlmIdentity parse(String name) {
        Objects.requireNonNull(name, "name");
        int backslash = name.indexOf('\\');
        if (backslash >= 0) {
            return new NtlmIdentity(name.substring(0, backslash), name.substring(backslash + 1));
        }
        int at = name.lastIndexOf('@');
        if (at > 0 && at < name.length() - 1) {
            String domain = name.substring(at + 1);
            if (domain.indexOf('.') < 0) {
                return new NtlmIdentity(domain, name.substring(0, at));
            }
            return new NtlmIdentity("", name); // a UPN
        }
        return new NtlmIdentity("", name);
    }

    /** {@code DOMAIN\\user}, or {@code user} when the domain is empty. */
    @Override
    public String toString() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }
}
