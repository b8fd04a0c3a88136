package org.jnegotiate.ntlm;

import java.util.Optional;
import org.jnegotiate.mech.SecretBytes;

/**
 * Where an NTLM acceptor finds the NT hash (MD4 of the UTF-16LE password) of the users it accepts.
 * Implementations match the user name case-insensitively (Windows account names are).
 */
@FunctionalInterface
public interface NtlmUserDatabase {

    /**
     * The NT hash of {@code user} in {@code domain} (the DomainName of the AUTHENTICATE_MESSAGE, possibly
     * empty), or empty when the user is unknown. The caller destroys the returned secret.
     */
    Optional<SecretBytes> ntHash(String domain, String user);
}
