package org.jnegotiate.ntlm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;

/**
 * The NTLM_USER_FILE format of gss-ntlmssp: one {@code DOMAIN:USER:PASSWORD} per line, {@code #} starts a
 * comment line, blank lines are ignored, an empty DOMAIN matches any domain, the password is everything
 * after the second colon. Passwords are hashed when the file is read and not kept.
 */
public final class FileNtlmUserDatabase implements NtlmUserDatabase {
    private record Entry(String domain, String user, SecretBytes ntHash) {}

    private final List<Entry> entries;

    private FileNtlmUserDatabase(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads {@code file}; a malformed line fails with its line number. */
    public static FileNtlmUserDatabase load(Path file) throws NegotiateException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS, "cannot read the NTLM user file " + file + ": " + e, e);
        }
        return parse(lines, file.toString());
    }

    static FileNtlmUserDatabase parse(List<String> lines, String source) throws NegotiateException {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0 || second == first + 1) {
                throw new NegotiateException(
                        Failure.NO_CREDENTIALS,
                        source + " line " + (i + 1) + ": expected DOMAIN:USER:PASSWORD (USER not empty)");
            }
            char[] password = line.substring(second + 1).toCharArray();
            try {
                entries.add(new Entry(
                        line.substring(0, first),
                        line.substring(first + 1, second),
                        SecretBytes.adopt(NtlmCrypto.ntowfV1(password))));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
        return new FileNtlmUserDatabase(entries);
    }

    /** The number of users read (for diagnostics). */
    public int size() {
        return entries.size();
    }

    @Override
    public Optional<SecretBytes> ntHash(String domain, String user) {
        return entryFor(domain, user, false).map(e -> SecretBytes.copyOf(e.ntHash.toByteArray()));
    }

    /** An account of the file and its NT hash (a copy the caller destroys). */
    record Account(NtlmIdentity identity, SecretBytes ntHash) {}

    /**
     * The initiator's lookup: the entry for {@code wanted}'s user (ignoring case) in its domain (ignoring case),
     * else an empty-domain entry; when {@code wanted} has no domain, the first entry of that user in any domain.
     * The account is named as asked, with the entry's domain when none was asked for.
     */
    Optional<Account> find(NtlmIdentity wanted) {
        return entryFor(wanted.domain(), wanted.user(), wanted.domain().isEmpty())
                .map(e -> new Account(
                        new NtlmIdentity(wanted.domain().isEmpty() ? e.domain : wanted.domain(), wanted.user()),
                        SecretBytes.copyOf(e.ntHash.toByteArray())));
    }

    /** The only account of the file, when it has exactly one. */
    Optional<Account> single() {
        if (entries.size() != 1) {
            return Optional.empty();
        }
        Entry e = entries.get(0);
        return Optional.of(new Account(new NtlmIdentity(e.domain, e.user), SecretBytes.copyOf(e.ntHash.toByteArray())));
    }

    private Optional<Entry> entryFor(String domain, String user, boolean anyDomain) {
        String u = user.toLowerCase(Locale.ROOT);
        Entry wildcard = null;
        for (Entry e : entries) {
            if (!e.user.toLowerCase(Locale.ROOT).equals(u)) {
                continue;
            }
            if (anyDomain || e.domain.equalsIgnoreCase(domain)) {
                return Optional.of(e);
            }
            if (e.domain.isEmpty() && wildcard == null) {
                wildcard = e;
            }
        }
        return Optional.ofNullable(wildcard);
    }

    @Override
    public String toString() {
        return "FileNtlmUserDatabase[" + entries.size() + " users]";
    }
}
