package org.jnegotiate.krb5.creds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.kdc.KdcMessages;
import org.jnegotiate.mech.NegotiateException;

/** Kerberos credentials held by a JAAS Subject: KerberosTicket TGTs, KerberosKeys and KeyTabs. */
final class SubjectCredentials {
    private SubjectCredentials() {
    }

    /** The current, non-destroyed TGT of {@code name} (any principal when null) in the Subject. */
    static Optional<ServiceTicket> tgt(Subject subject, KerberosName name) throws NegotiateException {
        for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
            if (t.isDestroyed() || !t.isCurrent()) {
                continue;
            }
            KerberosName client = parse(t.getClient());
            KerberosName server = parse(t.getServer());
            boolean isTgt = server.components().size() == 2 && server.components().get(0).equals("krbtgt");
            if (!isTgt || (name != null && !client.samePrincipal(name))) {
                continue;
            }
            Optional<EncryptionType> type = EncryptionType.of(t.getSessionKeyType());
            if (type.isEmpty()) {
                continue;
            }
            byte[] key = t.getSessionKey().getEncoded();
            try {
                Ticket ticket = KdcMessages.decode(t.getEncoded(), Ticket.class);
                return Optional.of(new ServiceTicket(ticket, new Krb5Key(type.get(), key), client, server,
                        instant(t.getAuthTime()), instant(t.getStartTime()), instant(t.getEndTime()),
                        Optional.ofNullable(instant(t.getRenewTill())), flags(t.getFlags())));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return Optional.empty();
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
        return KerberosName.parse(p.getName(), p.getRealm(), p.getNameType());
    }

    /** JDK flags (RFC 4120 bit numbers as array indices) to Kerby's int, most significant bit first. */
    private static int flags(boolean[] flags) {
        int out = 0;
        for (int i = 0; flags != null && i < flags.length && i < 32; i++) {
            if (flags[i]) {
                out |= 1 << (31 - i);
            }
        }
        return out;
    }

    private static Instant instant(java.util.Date d) {
        return d == null ? null : d.toInstant();
    }
}
