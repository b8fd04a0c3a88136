package org.jnegotiate.krb5.pac;

import java.util.Arrays;
import org.jnegotiate.mech.NegotiateException;

/**
 * A Windows security identifier (MS-DTYP 2.4.2), for example {@code S-1-5-21-1842517822-1117962946-459837161-1102}:
 * revision 1, a 48-bit identifier authority and up to 15 32-bit sub-authorities, the last of which is the RID of
 * an account in a domain.
 */
public final class Sid {
    /** MS-DTYP: SubAuthorityCount is at most 15. */
    static final int MAX_SUB_AUTHORITIES = 15;

    private final long authority;
    private final long[] subAuthorities;

    private Sid(long authority, long[] subAuthorities) {
        this.authority = authority;
        this.subAuthorities = subAuthorities;
    }

    /** Parses {@code S-1-AUTHORITY-SUB...} (decimal), as Windows and {@link #toString()} write it. */
    public static Sid parse(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length < 3
                || parts.length > 3 + MAX_SUB_AUTHORITIES
                || !parts[0].equalsIgnoreCase("S")
                || !parts[1].equals("1")) {
            throw new IllegalArgumentException("not a SID: " + text);
        }
        long[] subs = new long[parts.length - 3];
        for (int i = 0; i < subs.length; i++) {
            subs[i] = Long.parseLong(parts[3 + i]);
            if (subs[i] < 0 || subs[i] > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("sub-authority out of range in " + text);
            }
        }
        long authority = Long.parseLong(parts[2]);
        if (authority < 0 || authority > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("authority out of range in " + text);
        }
        return new Sid(authority, subs);
    }

    /** This SID with one more sub-authority: a domain SID and an account's RID give the account's SID. */
    public Sid withRid(long rid) {
        if (subAuthorities.length == MAX_SUB_AUTHORITIES) {
            throw new IllegalStateException("a SID has at most 15 sub-authorities");
        }
        long[] subs = Arrays.copyOf(subAuthorities, subAuthorities.length + 1);
        subs[subs.length - 1] = rid & 0xFFFF_FFFFL;
        return new Sid(authority, subs);
    }

    /** The last sub-authority (an account's RID when this is an account's SID). */
    public long rid() {
        return subAuthorities.length == 0 ? 0 : subAuthorities[subAuthorities.length - 1];
    }

    /**
     * The RPC_SID body after its conformance count (MS-DTYP 2.4.2.3): Revision, SubAuthorityCount,
     * IdentifierAuthority (6 bytes, big-endian), SubAuthority[count] (little-endian); {@code expectedCount} is the
     * count the NDR conformance announced, or -1 when there is none (the packed form of UPN_DNS_INFO).
     */
    static Sid read(LittleEndianReader in, long expectedCount, String what) throws NegotiateException {
        int revision = in.u8(what + " revision");
        int count = in.u8(what + " sub-authority count");
        if (revision != 1 || count > MAX_SUB_AUTHORITIES || (expectedCount >= 0 && count != expectedCount)) {
            throw in.invalid(what + ": revision " + revision + ", " + count + " sub-authorities (conformance "
                    + expectedCount + ")");
        }
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = authority << 8 | in.u8(what + " authority");
        }
        in.require(4L * count, what + " sub-authorities");
        long[] subs = new long[count];
        for (int i = 0; i < count; i++) {
            subs[i] = in.u32(what + " sub-authority");
        }
        return new Sid(authority, subs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sid other
                && authority == other.authority
                && Arrays.equals(subAuthorities, other.subAuthorities);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(authority) * 31 + Arrays.hashCode(subAuthorities);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("S-1-").append(authority);
        for (long sub : subAuthorities) {
            s.append('-').append(sub);
        }
        return s.toString();
    }
}
