package org.jnegotiate.ntlm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.Destroyable;
import javax.security.auth.Subject;

/**
 * An NTLM user name and password that an application puts in a JAAS {@link Subject}'s private credentials,
 * for the NTLM initiator to use as that Subject's identity:
 *
 * <pre>{@code
 * Subject s = new Subject();
 * s.getPrivateCredentials().add(new NtlmPasswordCredential("DOMAIN", "alice", password));
 * Subject.doAs(s, (PrivilegedExceptionAction<GSSCredential>) () ->
 *         manager.createCredential(null, GSSCredential.DEFAULT_LIFETIME, ntlmOid, GSSCredential.INITIATE_ONLY));
 * }</pre>
 *
 * <p>The password is copied in and zeroed by {@link #destroy()}; a destroyed credential is ignored by the
 * mechanism. It never appears in {@link #toString()}.
 */
public final class NtlmPasswordCredential implements Destroyable {
    private final String domain;
    private final String user;
    private final char[] password;
    private volatile boolean destroyed;

    /**
     * @param domain   the NetBIOS or DNS domain; empty lets the acceptor choose (and, in the users file, matches any)
     * @param user     the account name, not empty
     * @param password copied; the caller may zero its array afterwards
     */
    public NtlmPasswordCredential(String domain, String user, char[] password) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.user = Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the NTLM user name is empty");
        }
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    /** From {@code DOMAIN\\user}, {@code user@DOMAIN} or a bare {@code user} (see {@link NtlmIdentity#parse}). */
    public static NtlmPasswordCredential of(String name, char[] password) {
        NtlmIdentity id = NtlmIdentity.parse(name);
        return new NtlmPasswordCredential(id.domain(), id.user(), password);
    }

    public String domain() {
        return domain;
    }

    public String user() {
        return user;
    }

    public NtlmIdentity identity() {
        return new NtlmIdentity(domain, user);
    }

    /** A copy of the password; the caller zeroes it. */
    public char[] password() {
        if (destroyed) {
            throw new IllegalStateException("the NTLM password credential was destroyed");
        }
        return password.clone();
    }

    /** Same account as {@code wanted}: user names equal ignoring case, domains equal ignoring case or either empty. */
    boolean matches(NtlmIdentity wanted) {
        return user.toLowerCase(Locale.ROOT).equals(wanted.user().toLowerCase(Locale.ROOT))
                && (domain.isEmpty() || wanted.domain().isEmpty() || domain.equalsIgnoreCase(wanted.domain()));
    }

    @Override
    public void destroy() {
        Arrays.fill(password, '\0');
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "NtlmPasswordCredential[" + identity() + (destroyed ? ", destroyed" : "") + "]";
    }
}
