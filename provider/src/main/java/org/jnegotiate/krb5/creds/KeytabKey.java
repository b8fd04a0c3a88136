package org.jnegotiate.krb5.creds;

import java.util.Objects;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;

/** One long-term key of a keytab (or a JAAS KerberosKey): whose, which version, the key. */
public record KeytabKey(KerberosName principal, int kvno, Krb5Key key) {
    public KeytabKey {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(key, "key");
    }
}
