package org.jnegotiate.ntlm;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;

/**
 * An NTLM credential: an initiator identity with its NT hash (from a password or given directly),
 * the anonymous identity, or a default acceptor credential (whose users come from an
 * {@link NtlmUserDatabase}). The password itself is never kept: only MD4(UNICODE(password)).
 */
public final class NtlmCredential implements MechCredential {
    private final NtlmIdentity identity;
    private final SecretBytes ntHash;
    private final Usage usage;
    private final boolean anonymous;

    private NtlmCredential(NtlmIdentity identity, SecretBytes ntHash, Usage usage, boolean anonymous) {
        this.identity = identity;
        this.ntHash = ntHash;
        this.usage = usage;
        this.anonymous = anonymous;
    }

    /** An initiator credential from a password; the caller may zero {@code password} afterwards. */
    public static NtlmCredential withPassword(NtlmIdentity identity, char[] password) {
        return new NtlmCredential(identity, SecretBytes.adopt(NtlmCrypto.ntowfV1(password)), Usage.INITIATE, false);
    }

    /** An initiator credential from the NT hash (16 bytes) of the password. */
    public static NtlmCredential withNtHash(NtlmIdentity identity, byte[] ntHash) {
        if (ntHash.length != 16) {
            throw new IllegalArgumentException("an NT hash is 16 bytes, not " + ntHash.length);
        }
        return new NtlmCredential(identity, SecretBytes.copyOf(ntHash), Usage.INITIATE, false);
    }

    /** The anonymous initiator (MS-NLMP 3.1.5.1.2: empty user, empty NT response). */
    public static NtlmCredential anonymous() {
        return new NtlmCredential(new NtlmIdentity("", ""), null, Usage.INITIATE, true);
    }

    /** A default acceptor credential: accepts any user of the mechanism's user database. */
    public static NtlmCredential acceptor() {
        return new NtlmCredential(null, null, Usage.ACCEPT, false);
    }

    public Optional<NtlmIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    /** A copy of the NT hash; the caller zeroes it. Empty for anonymous and acceptor credentials. */
    byte[] ntHash() {
        return ntHash == null ? null : ntHash.toByteArray();
    }

    @Override
    public MechOid mechanism() {
        return MechOid.NTLM;
    }

    @Override
    public Optional<PeerName> name() {
        if (anonymous) {
            return Optional.of(NtlmContext.ANONYMOUS_NAME);
        }
        return identity == null ? Optional.empty() : Optional.of(PeerName.user(identity.toString()));
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public Optional<Instant> expiry() {
        return Optional.empty();
    }

    @Override
    public void dispose() {
        if (ntHash != null) {
            ntHash.destroy();
        }
    }

    @Override
    public String toString() {
        return "NtlmCredential[" + (anonymous ? "anonymous" : identity == null ? "acceptor" : identity) + ", " + usage
                + "]";
    }

    static byte[] zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
        return b;
    }
}
