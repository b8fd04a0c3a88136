package org.jnegotiate.krb5.kdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.config.Krb5Config;

/**
 * The realms a client crosses to reach a service in another realm (RFC 4120 section 3.3.1 and MIT's rules): the
 * krb5.conf {@code [capaths]} entry of the two realms when there is one, else the hierarchical path, up from the
 * client's realm to the longest common suffix and down to the service's ({@code A.EXAMPLE.TEST} to
 * {@code B.EXAMPLE.TEST} crosses {@code EXAMPLE.TEST}). A pure function of the configuration.
 */
final class RealmPath {
    private RealmPath() {}

    /** The realms after {@code from}, ending with {@code to}; empty when they are the same realm. */
    static List<String> between(String from, String to, Krb5Config config) {
        List<String> path = new ArrayList<>();
        if (from.equals(to)) {
            return path;
        }
        Optional<List<String>> configured = config.capath(from, to);
        if (configured.isPresent()) {
            path.addAll(configured.get());
        } else {
            path.addAll(hierarchical(from, to));
        }
        path.remove(from);
        path.remove(to);
        path.add(to);
        return List.copyOf(path);
    }

    /** The intermediate realms of the hierarchical path, in order (neither end included). */
    private static List<String> hierarchical(String from, String to) {
        String[] a = from.split("\\.");
        String[] b = to.split("\\.");
        int common = 0;
        while (common < a.length && common < b.length && a[a.length - 1 - common].equals(b[b.length - 1 - common])) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = 1; i < a.length - common; i++) { // up from the client's realm, without it
            out.add(suffix(a, i));
        }
        if (common > 0 && common < a.length && common < b.length) {
            out.add(suffix(a, a.length - common)); // the common ancestor
        }
        for (int i = b.length - common - 1; i >= 1; i--) { // down to the service's realm, without it
            out.add(suffix(b, i));
        }
        return out;
    }

    private static String suffix(String[] labels, int from) {
        return String.join(".", java.util.Arrays.copyOfRange(labels, from, labels.length));
    }
}
