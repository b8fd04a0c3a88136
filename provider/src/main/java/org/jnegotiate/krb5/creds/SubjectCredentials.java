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

    /** Long-term keys of {@code name} (all principals when null): KerberosKeys and KeyTabs. */
    static List<KeytabKey> keys(Subject subject, KerberosName name, String defaultRealm) throws NegotiateException {
        List<KeytabKey> out = new ArrayList<>();
        for (KerberosKey k : subject.getPrivateCredentials(KerberosKey.class)) {
            KerberosName p = parse(k.getPrincipal());
            if (!k.isDestroyed() && (name == null || p.samePrincipal(name))) {
                add(out, p, k.getVersionNumber(), k.getKeyType(), k.getEncoded());
            }
        }
        for (KeyTab kt : subject.getPrivateCredentials(KeyTab.class)) {
            KerberosPrincipal who = name != null ? new KerberosPrincipal(name.toString()) : kt.getPrincipal();
            if (who == null) {
                continue; // an unbound KeyTab without a requested name: the caller reads the file itself
            }
            for (KerberosKey k : kt.getKeys(who)) {
                add(out, parse(k.getPrincipal()), k.getVersionNumber(), k.getKeyType(), k.getEncoded());
            }
        }
        return out;
    }

    private static void add(List<KeytabKey> out, KerberosName p, int kvno, int etype, byte[] bytes) {
        try {
            Optional<EncryptionType> t = EncryptionType.of(etype);
            if (t.isPresent() && bytes.length == t.get().keyLength()) {
                out.add(new KeytabKey(p, kvno, new Krb5Key(t.get(), bytes)));
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static KerberosName parse(KerberosPrincipal p) throws NegotiateException {
        return SubjectTickets.parse(p);
    }
}
