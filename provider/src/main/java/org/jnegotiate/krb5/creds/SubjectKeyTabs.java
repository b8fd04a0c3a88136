package org.jnegotiate.krb5.creds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.jnegotiate.krb5.names.KerberosName;

/**
 * The unbound {@link KeyTab}s of a JAAS Subject, for a default acceptor: what {@code Krb5LoginModule} stores for
 * {@code principal="*"}. A KeyTab cannot list its principals, so the keys of a ticket's server are looked up when
 * the ticket arrives, as SunJGSS does.
 *
 * <p>Keys found are kept per principal and destroyed with the credential, so a key is read once and not left
 * un-zeroed for the collector. A server name with no key is looked up again next time: the file may have gained it.
 * The server name comes from the peer, and the JDK finds a keytab entry ignoring case (as SunJGSS accepts such a
 * ticket; it decrypts only if the KDC issued it for this key): keys are kept under the name folded the way
 * {@link String#equalsIgnoreCase} compares, so case variants share one entry and what is kept is bounded by the
 * principals the keytab holds. {@link #MAX_PRINCIPALS} bounds it regardless; past it, keys are read per ticket and
 * left to the collector.
 */
final class SubjectKeyTabs {
    static final int MAX_PRINCIPALS = 256;

    private final List<KeyTab> keyTabs;
    private final int maxPrincipals;
    /** By {@link #fold folded} name with realm (no name type: a peer chooses that freely). */
    private final Map<String, List<KeytabKey>> found = new ConcurrentHashMap<>();

    private volatile boolean destroyed;

    private SubjectKeyTabs(List<KeyTab> keyTabs, int maxPrincipals) {
        this.keyTabs = List.copyOf(keyTabs);
        this.maxPrincipals = maxPrincipals;
    }

    /** The Subject's unbound KeyTabs, when it has any. */
    static Optional<SubjectKeyTabs> of(Subject subject) {
        return of(subject, MAX_PRINCIPALS);
    }

    /** As {@link #of(Subject)}, keeping the keys of at most {@code maxPrincipals} names. */
    static Optional<SubjectKeyTabs> of(Subject subject, int maxPrincipals) {
        List<KeyTab> unbound = new ArrayList<>();
        for (KeyTab kt : subject.getPrivateCredentials(KeyTab.class)) {
            if (!kt.isBound()) {
                unbound.add(kt);
            }
        }
        return unbound.isEmpty() ? Optional.empty() : Optional.of(new SubjectKeyTabs(unbound, maxPrincipals));
    }

    /** The keys of {@code server} (a name with its realm) in these KeyTabs; empty when they hold none. */
    List<KeytabKey> keysOf(KerberosName server) {
        String name = fold(server.toString());
        List<KeytabKey> known = found.get(name);
        if (known != null) {
            return known;
        }
        List<KeytabKey> read = read(server);
        if (read.isEmpty() || found.size() >= maxPrincipals) {
            return read;
        }
        List<KeytabKey> raced = found.putIfAbsent(name, read);
        if (raced != null) {
            read.forEach(k -> k.key().destroy());
            return raced;
        }
        if (destroyed) {
            destroy(); // disposed while we read: what we kept goes too
        }
        return read;
    }

    /** Each character as {@link String#equalsIgnoreCase} compares it: two names are equal ignoring case iff equal. */
    static String fold(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            sb.append(Character.toLowerCase(Character.toUpperCase(name.charAt(i))));
        }
        return sb.toString();
    }

    private List<KeytabKey> read(KerberosName server) {
        if (server.realm().isEmpty()) {
            return List.of(); // KerberosPrincipal would add the JDK's own default realm
        }
        KerberosPrincipal who;
        try {
            who = new KerberosPrincipal(server.toString());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<KeytabKey> out = new ArrayList<>();
        for (KeyTab kt : keyTabs) {
            for (KerberosKey k : kt.getKeys(who)) {
                try {
                    SubjectCredentials.addKey(out, server, k);
                } finally {
                    SubjectCredentials.destroy(k); // the KeyTab's copy for us
                }
            }
        }
        return List.copyOf(out);
    }

    /** Destroys the keys kept so far. */
    void destroy() {
        destroyed = true;
        found.values().forEach(keys -> keys.forEach(k -> k.key().destroy()));
        found.clear();
    }
}
