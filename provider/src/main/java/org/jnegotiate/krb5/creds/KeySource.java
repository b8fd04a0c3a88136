package org.jnegotiate.krb5.creds;

import java.util.List;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * What a Kerberos acceptor needs from its credential: the long-term keys of its service principals
 * (keytab, JAAS KerberosKey/KeyTab, password-derived).
 */
public interface KeySource {

    /**
     * The keys that may decrypt a ticket for {@code server} with enctype {@code etype} and, when known,
     * key version {@code kvno} (null = any). Empty when there is none; the caller reports
     * UNKNOWN_CREDENTIALS or NO_CREDENTIALS. The caller must not destroy the returned keys.
     */
    List<Krb5Key> keysFor(KerberosName server, int etype, Integer kvno) throws NegotiateException;

    /** Whether this credential accepts for any principal in its keytab (the GSS default acceptor). */
    boolean acceptsAnyPrincipal();
}
