package org.jnegotiate.krb5;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.GssChecksum;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SecretBytes;

/**
 * What an established Kerberos context holds, whichever role made it (RFC 4121 section 4.1): the protection key
 * and its cipher, the per-message protector, the granted flags, and every key of the context, zeroed together by
 * {@link #destroy()}. Each role runs its own handshake and makes one of these at its last step.
 *
 * <p>Not synchronized: a session belongs to one context and is only reached under that context's monitor
 * ({@link org.jnegotiate.mech.MechContext}'s threading contract). The protector it hands out guards itself.
 */
final class KerberosSession {
    private final Krb5Key key;
    private final Krb5Cipher cipher;
    /** Null for rc4-hmac: RFC 1964-style tokens are not implemented (see {@link CfxProtector}). */
    private final MessageProtector protector;

    private final Set<ContextFlag> granted;
    private final List<Krb5Key> keys;
    private boolean destroyed;

    /**
     * What a role's handshake agreed on.
     *
     * @param initiator      whether this side initiated the context
     * @param key            the protection key: the acceptor's subkey, else the initiator's, else the ticket's
     * @param acceptorSubkey whether {@code key} is the acceptor's subkey
     * @param ownSequence    this side's first sequence number
     * @param peerSequence   the peer's first sequence number
     * @param gssFlags       the flags of the authenticator's GSS checksum (RFC 4121 section 4.1.1.1)
     * @param mutual         whether the acceptor authenticated itself (an AP-REP was sent)
     * @param delegated      whether a credential was delegated
     * @param keys           every key of the context, the protection key among them: zeroed with the session
     */
    record Terms(
            boolean initiator,
            Krb5Key key,
            boolean acceptorSubkey,
            long ownSequence,
            long peerSequence,
            int gssFlags,
            boolean mutual,
            boolean delegated,
            List<Krb5Key> keys) {
        Terms {
            keys = List.copyOf(keys);
        }
    }

    private KerberosSession(
            Krb5Key key, Krb5Cipher cipher, MessageProtector protector, Set<ContextFlag> granted, List<Krb5Key> keys) {
        this.key = key;
        this.cipher = cipher;
        this.protector = protector;
        this.granted = granted;
        this.keys = keys;
    }

    /** Makes the session of {@code terms}; it owns their keys from here on, also when this fails. */
    static KerberosSession establish(KerberosCrypto crypto, Terms terms) throws NegotiateException {
        Krb5Cipher cipher = null;
        try {
            cipher = crypto.cipher(terms.key());
            MessageProtector protector = cipher.type().isWeak()
                    ? null
                    : new CfxProtector(
                            cipher,
                            terms.initiator(),
                            terms.acceptorSubkey(),
                            terms.ownSequence(),
                            terms.peerSequence(),
                            has(terms, GssChecksum.REPLAY),
                            has(terms, GssChecksum.SEQUENCE));
            return new KerberosSession(terms.key(), cipher, protector, granted(terms, protector != null), terms.keys());
        } catch (NegotiateException | RuntimeException e) {
            if (cipher != null) {
                cipher.destroy();
            }
            terms.keys().forEach(Krb5Key::destroy);
            throw e;
        }
    }

    /**
     * The flags of an established context. Replay and sequence detection as the checksum announces them (the
     * initiator sends what was asked); confidentiality and integrity only when messages can be protected, and then
     * as the checksum announces them: a Windows client under ISC_REQ_NO_INTEGRITY, or MIT's with
     * GSS_KRB5_CRED_NO_CI_FLAGS_X, leaves both out (it will not protect messages, TLS does), as MIT's acceptor reads it.
     */
    private static Set<ContextFlag> granted(Terms terms, boolean protects) {
        EnumSet<ContextFlag> g = EnumSet.noneOf(ContextFlag.class);
        if (terms.mutual()) {
            g.add(ContextFlag.MUTUAL);
        }
        if (has(terms, GssChecksum.REPLAY)) {
            g.add(ContextFlag.REPLAY_DETECTION);
        }
        if (has(terms, GssChecksum.SEQUENCE)) {
            g.add(ContextFlag.SEQUENCE_DETECTION);
        }
        if (protects && has(terms, GssChecksum.CONF)) {
            g.add(ContextFlag.CONFIDENTIALITY);
        }
        if (protects && has(terms, GssChecksum.INTEG)) {
            g.add(ContextFlag.INTEGRITY);
        }
        if (terms.delegated()) {
            g.add(ContextFlag.DELEGATION);
        }
        return g;
    }

    private static boolean has(Terms terms, int flag) {
        return (terms.gssFlags() & flag) != 0;
    }

    /**
     * The session of a context that is usable, i.e. established and not disposed: INVALID_HANDLE otherwise.
     *
     * @param session the context's session, null before establishment
     * @param state   the context's state, for the message
     */
    static KerberosSession require(KerberosSession session, Object state) throws NegotiateException {
        if (session == null || session.destroyed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the Kerberos context is " + state);
        }
        return session;
    }

    /** The granted flags; none once destroyed. */
    Set<ContextFlag> granted() {
        return destroyed ? EnumSet.noneOf(ContextFlag.class) : EnumSet.copyOf(granted);
    }

    MessageProtector protector() throws NegotiateException {
        if (protector == null) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "per-message tokens for rc4-hmac contexts " + "(RFC 4757) are not implemented");
        }
        return protector;
    }

    /** A copy of the protection key, which the caller owns. */
    SecretBytes sessionKey() {
        return SecretBytes.adopt(key.bytes());
    }

    OptionalInt sessionKeyType() {
        return OptionalInt.of(key.type().id());
    }

    /** The protection key, also once destroyed (tests check that it was zeroed). */
    Krb5Key key() {
        return key;
    }

    /** Zeroes the cipher and every key of the context; idempotent. */
    void destroy() {
        destroyed = true;
        cipher.destroy();
        keys.forEach(Krb5Key::destroy);
    }
}
