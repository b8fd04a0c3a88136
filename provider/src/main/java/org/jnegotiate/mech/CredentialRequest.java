package org.jnegotiate.mech;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;

/**
 * A request for credentials: whose, for what, and where to look. An explicit password (or NT hash)
 * is given only through the API, never read from a property.
 */
public final class CredentialRequest {
    private final PeerName name;
    private final MechCredential.Usage usage;
    private final Duration lifetime;
    private final Subject subject;
    private final char[] password;
    private final Boolean subjectCredsOnly;

    private CredentialRequest(
            PeerName name,
            MechCredential.Usage usage,
            Duration lifetime,
            Subject subject,
            char[] password,
            Boolean subjectCredsOnly) {
        this.name = name;
        this.usage = Objects.requireNonNull(usage, "usage");
        this.lifetime = lifetime;
        this.subject = subject;
        this.password = password == null ? null : password.clone();
        this.subjectCredsOnly = subjectCredsOnly;
    }

    public static CredentialRequest of(PeerName name, MechCredential.Usage usage) {
        return new CredentialRequest(name, usage, null, null, null, null);
    }

    public CredentialRequest withSubject(Subject s) {
        return new CredentialRequest(name, usage, lifetime, s, password, subjectCredsOnly);
    }

    public CredentialRequest withPassword(char[] p) {
        return new CredentialRequest(name, usage, lifetime, subject, p, subjectCredsOnly);
    }

    public CredentialRequest withLifetime(Duration d) {
        return new CredentialRequest(name, usage, d, subject, password, subjectCredsOnly);
    }

    /**
     * Overrides {@code javax.security.auth.useSubjectCredsOnly} for this request (the JDK's HTTP client
     * callers default to false, everything else to the property); empty means the configured default.
     */
    public CredentialRequest withSubjectCredsOnly(Boolean only) {
        return new CredentialRequest(name, usage, lifetime, subject, password, only);
    }

    public Optional<Boolean> subjectCredsOnly() {
        return Optional.ofNullable(subjectCredsOnly);
    }

    public Optional<PeerName> name() {
        return Optional.ofNullable(name);
    }

    public MechCredential.Usage usage() {
        return usage;
    }

    public Optional<Duration> lifetime() {
        return Optional.ofNullable(lifetime);
    }

    /** The JAAS Subject to take credentials from; empty means the Subject of the calling thread, if any. */
    public Optional<Subject> subject() {
        return Optional.ofNullable(subject);
    }

    /** A copy of the explicit password; the caller zeroes it. */
    public Optional<char[]> password() {
        return Optional.ofNullable(password == null ? null : password.clone());
    }

    @Override
    public String toString() {
        return "CredentialRequest[name=" + name + ", usage=" + usage + ", password="
                + (password != null ? "***" : "none") + "]";
    }
}
