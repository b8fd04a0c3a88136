package org.jnegotiate.krb5.creds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.NegotiateException;

/** Kerberos credentials held by a JAAS Subject: KerberosTicket TGTs (see {@link SubjectTickets}), KerberosKeys and KeyTabs. */
final class SubjectCredentials {
    private SubjectCredentials() {}

    /**
     * A non-destroyed TGT of {@code name} (any principal when null) in the Subject that does not expire within
     * {@code skew} of {@code now}; one that does is left for the Subject's keys (if any) to replace through the AS exchange.
     * Always a fresh copy (TGTs are stored as plain KerberosTickets), owned by the caller.
     */
    static Optional<ServiceTicket> tgt(Subject subject, KerberosName name, Instant now, Duration skew)
            throws NegotiateException {
        return SubjectTickets.find(subject, name, null, now, now.plus(skew)).map(SubjectTickets.Found::ticket);
    }

    /**
     * Long-term keys of {@code name} (all principals when null): KerberosKeys and KeyTabs. Without a name, a KeyTab
     * bound to no principal in particular ({@code KeyTab.getInstance(File)}) gives the keys of the Subject's
     * KerberosPrincipals, and an unbound one ({@code getUnboundInstance}) none here: it cannot list its principals,
     * so {@link SubjectKeyTabs} looks them up per ticket.
     */
    static List<KeytabKey> keys(Subject subject, KerberosName name, String defaultRealm) throws NegotiateException {
        List<KeytabKey> out = new ArrayList<>();
        for (KerberosKey k : subject.getPrivateCredentials(KerberosKey.class)) {
            KerberosName p = parse(k.getPrincipal());
            if (!k.isDestroyed() && (name == null || p.samePrincipal(name))) {
                addKey(out, p, k);
            }
        }
        for (KeyTab kt : subject.getPrivateCredentials(KeyTab.class)) {
            for (KerberosPrincipal who : keyTabPrincipals(subject, kt, name)) {
                for (KerberosKey k : kt.getKeys(who)) {
                    try {
                        addKey(out, parse(k.getPrincipal()), k);
                    } finally {
                        destroy(k); // a copy the KeyTab made for us, not the Subject's
                    }
                }
            }
        }
        return out;
    }

    private static List<KerberosPrincipal> keyTabPrincipals(Subject subject, KeyTab kt, KerberosName name) {
        if (name != null) {
            return List.of(new KerberosPrincipal(name.toString()));
        }
        if (kt.getPrincipal() != null) {
            return List.of(kt.getPrincipal());
        }
        return kt.isBound() ? List.copyOf(subject.getPrincipals(KerberosPrincipal.class)) : List.of();
    }

    /** Adds a copy of {@code k} as a key of {@code p} when its enctype is one we know; {@code k} is left as it is. */
    static void addKey(List<KeytabKey> out, KerberosName p, KerberosKey k) {
        byte[] bytes = k.getEncoded();
        try {
            Optional<EncryptionType> t = EncryptionType.of(k.getKeyType());
            if (t.isPresent() && bytes.length == t.get().keyLength()) {
                out.add(new KeytabKey(p, k.getVersionNumber(), new Krb5Key(t.get(), bytes)));
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static void destroy(KerberosKey k) {
        try {
            k.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // KerberosKey.destroy does not fail; its copy of the key is garbage either way
        }
    }

    private static KerberosName parse(KerberosPrincipal p) throws NegotiateException {
        return SubjectTickets.parse(p);
    }
}
