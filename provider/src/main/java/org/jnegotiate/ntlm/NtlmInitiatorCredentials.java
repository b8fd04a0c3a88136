package org.jnegotiate.ntlm;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;

/**
 * Finds the password (NT hash) of an NTLM initiator, in the order an application expects from a drop-in
 * mechanism (gss-ntlmssp's order, plus the JAAS Subject):
 *
 * <ol>
 * <li>an explicit password of the request (the API caller's own choice), for the name of the request;</li>
 * <li>an {@link NtlmPasswordCredential} among the private credentials of the request's (or the calling
 *     thread's) JAAS Subject: the one matching the name, or with no name the only one there is;</li>
 * <li>the NTLM users file ({@link NegotiateConfig#ntlmUserFile()}, lines {@code DOMAIN:USER:PASSWORD}): the
 *     entry of the name; with no name, the entry of {@code $NTLMUSER}, else of {@code $USER}, else the file's
 *     only entry. An {@code NTLMUSER} that the file does not hold is an error, never a fallback to another
 *     account.</li>
 * </ol>
 *
 * <p>{@code javax.security.auth.useSubjectCredsOnly} is a Kerberos rule and does not apply: the users file
 * is NTLM's configured default, as it is for gss-ntlmssp.
 */
final class NtlmInitiatorCredentials {
    private static final Method SUBJECT_CURRENT = subjectCurrent();

    private NtlmInitiatorCredentials() {}

    static NtlmCredential acquire(CredentialRequest request, NegotiateConfig config, UserFileCache userFile)
            throws NegotiateException {
        Optional<NtlmIdentity> wanted = request.name().map(PeerName::name).map(NtlmIdentity::parse);
        Optional<char[]> password = request.password();
        if (password.isPresent()) {
            char[] pw = password.get();
            try {
                if (wanted.isEmpty()) {
                    throw new NegotiateException(
                            Failure.NO_CREDENTIALS,
                            "an NTLM password was given without a user" + " name: give DOMAIN\\user with it");
                }
                return NtlmCredential.withPassword(wanted.get(), pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        Optional<NtlmCredential> fromSubject =
                fromSubject(request.subject().or(NtlmInitiatorCredentials::callerSubject), wanted);
        if (fromSubject.isPresent()) {
            return fromSubject.get();
        }
        return fromUserFile(config, userFile, wanted);
    }

    private static Optional<NtlmCredential> fromSubject(Optional<Subject> subject, Optional<NtlmIdentity> wanted)
            throws NegotiateException {
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        List<NtlmPasswordCredential> found = new ArrayList<>();
        for (NtlmPasswordCredential c : privateCredentials(subject.get())) {
            if (!c.isDestroyed() && (wanted.isEmpty() || c.matches(wanted.get()))) {
                found.add(c);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (wanted.isEmpty() && found.size() > 1) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "the JAAS Subject holds " + found.size() + " NTLM password credentials " + found
                            + ": name the user to use");
        }
        NtlmPasswordCredential c = found.get(0);
        char[] pw = c.password();
        try {
            return Optional.of(NtlmCredential.withPassword(named(wanted, c.identity()), pw));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static List<NtlmPasswordCredential> privateCredentials(Subject subject) throws NegotiateException {
        try {
            return new ArrayList<>(subject.getPrivateCredentials(NtlmPasswordCredential.class));
        } catch (SecurityException e) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "not allowed to read the JAAS Subject's NTLM" + " password credentials: " + e.getMessage(),
                    e);
        }
    }

    private static NtlmCredential fromUserFile(
            NegotiateConfig config, UserFileCache userFile, Optional<NtlmIdentity> wanted) throws NegotiateException {
        Optional<Path> file = config.ntlmUserFile();
        if (file.isEmpty()) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    wanted.map(w -> "no password for NTLM user " + w).orElse("no default NTLM credentials")
                            + ": no password was given, the JAAS Subject holds no"
                            + " NtlmPasswordCredential"
                            + wanted.map(w -> " for that user").orElse("")
                            + ", and no NTLM users file is configured (jnegotiate.ntlm.userFile or NTLM_USER_FILE)");
        }
        FileNtlmUserDatabase users = userFile.get(file.get());
        if (wanted.isPresent()) {
            return credential(users.find(wanted.get())
                    .orElseThrow(() -> new NegotiateException(
                            Failure.NO_CREDENTIALS,
                            "the NTLM users file " + file.get() + " has no entry for " + wanted.get()
                                    + " (and no password was given)")));
        }
        Optional<String> ntlmUser = config.environment().ntlmUser();
        if (ntlmUser.isPresent()) {
            return credential(users.find(NtlmIdentity.parse(ntlmUser.get()))
                    .orElseThrow(() -> new NegotiateException(
                            Failure.NO_CREDENTIALS,
                            "the NTLM users file " + file.get() + " has no entry for NTLMUSER=" + ntlmUser.get())));
        }
        Optional<String> user = config.environment().user();
        Optional<FileNtlmUserDatabase.Account> account = user.flatMap(u -> users.find(NtlmIdentity.parse(u)));
        if (account.isEmpty()) {
            account = users.single();
        }
        return credential(account.orElseThrow(() -> new NegotiateException(
                Failure.NO_CREDENTIALS,
                "no default NTLM credentials: the NTLM users file " + file.get() + " has no entry for "
                        + user.map(u -> "USER=" + u).orElse("the user (USER is not set)") + ", NTLMUSER is not set, and"
                        + " the file holds " + users.size() + " entries, not exactly one: set NTLMUSER or name the"
                        + " user")));
    }

    private static NtlmCredential credential(FileNtlmUserDatabase.Account account) {
        SecretBytes hash = account.ntHash();
        byte[] h = hash.toByteArray();
        hash.destroy();
        try {
            return NtlmCredential.withNtHash(account.identity(), h);
        } finally {
            NtlmCredential.zero(h);
        }
    }

    /** The name as asked (its domain, or the found one when none was asked), else the found name. */
    private static NtlmIdentity named(Optional<NtlmIdentity> wanted, NtlmIdentity found) {
        return wanted.map(w -> new NtlmIdentity(w.domain().isEmpty() ? found.domain() : w.domain(), w.user()))
                .orElse(found);
    }

    /** {@code Subject.current()} where it exists (JDK 18+), else the Subject of the access-control context. */
    @SuppressWarnings("removal")
    private static Optional<Subject> callerSubject() {
        try {
            if (SUBJECT_CURRENT != null) {
                return Optional.ofNullable((Subject) SUBJECT_CURRENT.invoke(null));
            }
            return Optional.ofNullable(Subject.getSubject(java.security.AccessController.getContext()));
        } catch (ReflectiveOperationException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Method subjectCurrent() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
