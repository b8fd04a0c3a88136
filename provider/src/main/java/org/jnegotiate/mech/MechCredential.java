package org.jnegotiate.mech;

import java.time.Instant;
import java.util.Optional;

/** A credential of one mechanism (Kerberos tickets and keys, an NTLM identity, an acceptor key table). */
public interface MechCredential {

    enum Usage {
        INITIATE,
        ACCEPT,
        BOTH
    }

    MechOid mechanism();

    /** Whose credential this is; empty for a default acceptor credential that accepts for any key it holds. */
    Optional<PeerName> name();

    Usage usage();

    /** When the credential stops being usable; empty when it does not expire (keys, passwords). */
    Optional<Instant> expiry();

    /** Zeroes every key and password held. Idempotent. */
    void dispose();
}
