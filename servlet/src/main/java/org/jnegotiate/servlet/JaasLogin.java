package org.jnegotiate.servlet;

import javax.security.auth.Subject;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/** The Subject of a JAAS login entry (the {@code jaasLoginEntry} init parameter). */
final class JaasLogin {
    private JaasLogin() {}

    static Subject subject(String entry) {
        try {
            LoginContext login = new LoginContext(entry);
            login.login();
            return login.getSubject();
        } catch (LoginException e) {
            throw new IllegalStateException("JAAS login with entry " + entry + " failed: " + e.getMessage(), e);
        }
    }
}
