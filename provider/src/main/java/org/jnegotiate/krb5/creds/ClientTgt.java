package org.jnegotiate.krb5.creds;

import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.krb5.kdc.ClientKeys;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;

/**
 * The initiator side of a Kerberos credential, as one stage of {@link InitiatorSearch} found it.
 *
 * @param principal the client
 * @param tgt       its TGT (which may already be expiring: it then fails as expired when used)
 * @param keys      the long-term keys or password that get a new TGT through the AS exchange; empty when the TGT
 *                  came as it is (a ccache, a Subject's ticket)
 * @param origin    where it came from, for messages: "ccache /tmp/krb5cc_0", "password", "Subject"...
 * @param subject   the JAAS Subject it came from, whose tickets the credential reuses and extends
 */
record ClientTgt(
        KerberosName principal,
        ServiceTicket tgt,
        Optional<ClientKeys> keys,
        String origin,
        Optional<Subject> subject) {
    ClientTgt {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tgt, "tgt");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(subject, "subject");
    }
}
