package org.jnegotiate.krb5;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * What every Kerberos context of one mechanism shares: crypto, clock, policy and collaborators. Immutable.
 *
 * @param clockSkew            how far an authenticator's or ticket's time may be from ours (krb5.conf
 *                             {@code clockskew}, default 300 s)
 * @param replayCache          the acceptors' replay cache; empty disables replay detection of AP-REQs
 * @param allowMissingBindings an acceptor that requires channel bindings still accepts an initiator that sent
 *                             none (all-zero Bnd), as Windows' "when supported" setting does; false by default
 * @param allowWeakCrypto      accept rc4-hmac tickets and subkeys
 * @param tgsClient            lets a delegated credential obtain further tickets; empty = it cannot
 */
public record KerberosSettings(
        KerberosCrypto crypto,
        Clock clock,
        Duration clockSkew,
        RealmResolver realmResolver,
        Optional<ReplayCache> replayCache,
        boolean allowMissingBindings,
        boolean allowWeakCrypto,
        Optional<TgsClient> tgsClient) {
    /** The default clock skew of MIT, Heimdal and Windows. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    public KerberosSettings {
        Objects.requireNonNull(crypto, "crypto");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(realmResolver, "realmResolver");
        Objects.requireNonNull(replayCache, "replayCache");
        Objects.requireNonNull(tgsClient, "tgsClient");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
    }

    /**
     * Refuses a weak key (rc4-hmac) that a context would use, unless {@link #allowWeakCrypto()}: both roles ask
     * this of every session key and subkey they meet.
     *
     * @param what the key's part in the handshake, for the message ("the ticket's session key")
     */
    void requireAllowed(Krb5Key key, String what) throws NegotiateException {
        if (key.type().isWeak() && !allowWeakCrypto) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    what + " of weak enctype " + key.type().krb5Name()
                            + " is not allowed (jnegotiate.allowWeakCrypto)");
        }
    }
}
