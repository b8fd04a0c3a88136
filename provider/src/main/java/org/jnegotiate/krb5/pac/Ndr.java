package org.jnegotiate.krb5.pac;

import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.krb5.pac.KerbValidationInfo.GroupMembership;
import org.jnegotiate.krb5.pac.KerbValidationInfo.SidAndAttributes;
import org.jnegotiate.mech.NegotiateException;

/**
 * The NDR (MS-RPCE 2.2.5, C706 chapter 14) constructs of KERB_VALIDATION_INFO, little-endian: counted Unicode
 * strings, conformant arrays, RPC_SIDs. Each conformance count is compared with the count the structure announced
 * and with the bytes left before the array is allocated.
 */
final class Ndr {
    private Ndr() {}

    /** RPC_UNICODE_STRING's inline part: Length and MaximumLength (bytes) and the Buffer's referent id. */
    record UnicodeString(int length, int maximumLength, boolean present) {

        static UnicodeString read(LittleEndianReader in, String what) throws NegotiateException {
            int length = in.u16(what + " Length");
            int maximumLength = in.u16(what + " MaximumLength");
            boolean present = in.u32(what + " Buffer pointer") != 0;
            if (length % 2 != 0 || length > maximumLength) {
                throw in.invalid(what + ": Length " + length + ", MaximumLength " + maximumLength);
            }
            return new UnicodeString(length, maximumLength, present);
        }

        /** The deferred conformant varying array of WCHAR ("" when the pointer was null). */
        String readDeferred(LittleEndianReader in) throws NegotiateException {
            if (!present) {
                return "";
            }
            in.align(4, "string");
            long maxCount = in.u32("string MaxCount");
            long offset = in.u32("string Offset");
            long actualCount = in.u32("string ActualCount");
            if (offset != 0 || actualCount > maxCount || actualCount * 2 != length) {
                throw in.invalid("string of " + actualCount + " characters (MaxCount " + maxCount + ", Offset " + offset
                        + ", Length " + length + " bytes)");
            }
            return in.utf16(actualCount, "string characters");
        }
    }

    /** The conformance count of a deferred array, checked against the announced count and the bytes left. */
    private static int conformance(LittleEndianReader in, long announced, int elementSize, String what)
            throws NegotiateException {
        in.align(4, what);
        long maxCount = in.u32(what + " MaxCount");
        if (maxCount != announced || maxCount > KerbValidationInfo.MAX_SIDS) {
            throw in.invalid(what + ": MaxCount " + maxCount + " for a count of " + announced);
        }
        in.require(maxCount * elementSize, what);
        return (int) maxCount;
    }

    /** A deferred array of GROUP_MEMBERSHIP {RelativeId, Attributes}. */
    static List<GroupMembership> groups(LittleEndianReader in, long count, String what) throws NegotiateException {
        int n = conformance(in, count, 8, what);
        List<GroupMembership> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(new GroupMembership(in.u32(what + " RelativeId"), in.u32(what + " Attributes")));
        }
        return groups;
    }

    /** A deferred RPC_SID: its conformance count (the SubAuthorityCount), then the SID. */
    static Sid sid(LittleEndianReader in, String what) throws NegotiateException {
        in.align(4, what);
        long count = in.u32(what + " MaxCount");
        return Sid.read(in, count, what);
    }

    /**
     * A deferred array of KERB_SID_AND_ATTRIBUTES {PISID Sid, Attributes}, then the SIDs its pointers refer to,
     * in order (embedded pointers are deferred to the end of the array).
     */
    static List<SidAndAttributes> sidsAndAttributes(LittleEndianReader in, long count, String what)
            throws NegotiateException {
        int n = conformance(in, count, 8, what);
        long[] attributes = new long[n];
        boolean[] present = new boolean[n];
        for (int i = 0; i < n; i++) {
            present[i] = in.u32(what + " Sid pointer") != 0;
            attributes[i] = in.u32(what + " Attributes");
        }
        List<SidAndAttributes> sids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                throw in.invalid(what + ": a null SID");
            }
            sids.add(new SidAndAttributes(sid(in, what + " Sid"), attributes[i]));
        }
        return sids;
    }
}
