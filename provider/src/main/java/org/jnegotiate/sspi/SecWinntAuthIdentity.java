package org.jnegotiate.sspi;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code SEC_WINNT_AUTH_IDENTITY}: an explicit user, domain and password for AcquireCredentialsHandle's
 * pAuthData, or for the PKG_PARAMS buffer of ISC_REQ_USE_SUPPLIED_CREDS. Java strings are Unicode, so Flags is
 * always {@link #SEC_WINNT_AUTH_IDENTITY_UNICODE}. The password is copied in and zeroed by {@link #clear()};
 * it never appears in {@link #toString()}.
 */
public final class SecWinntAuthIdentity {
    public static final int SEC_WINNT_AUTH_IDENTITY_ANSI = 0x1;
    public static final int SEC_WINNT_AUTH_IDENTITY_UNICODE = 0x2;

    private final String user;
    private final String domain;
    private final char[] password;

    public SecWinntAuthIdentity(String user, String domain, char[] password) {
        this.user = Objects.requireNonNull(user, "user");
        this.domain = domain == null ? "" : domain;
        this.password = password == null ? null : password.clone();
    }

    public String user() {
        return user;
    }

    public String domain() {
        return domain;
    }

    public int flags() {
        return SEC_WINNT_AUTH_IDENTITY_UNICODE;
    }

    /** A copy of the password (the caller zeroes it), or null when none was given. */
    char[] password() {
        return password == null ? null : password.clone();
    }

    boolean hasPassword() {
        return password != null;
    }

    /** Zeroes the password held here. */
    public void clear() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "SecWinntAuthIdentity[" + (domain.isEmpty() ? user : domain + "\\" + user) + ", password="
                + (password != null ? "***" : "none") + "]";
    }
}
