package org.jnegotiate.krb5.pac;

import java.time.Instant;
import org.jnegotiate.mech.NegotiateException;

/**
 * PAC_CLIENT_INFO (MS-PAC 2.7): the client's name and the ticket's authentication time as the KDC wrote them,
 * which must match the ticket the PAC came in (a PAC copied into another ticket does not).
 *
 * @param clientId the authentication time (a FILETIME in the PAC)
 * @param name     the client's name, without realm
 */
public record PacClientInfo(Instant clientId, String name) {
    /** 100 ns intervals from 1601-01-01 to 1970-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    static PacClientInfo decode(byte[] pac, int offset, int size) throws NegotiateException {
        LittleEndianReader in = new LittleEndianReader(pac, offset, size, "PAC client info");
        long fileTime = in.u64("ClientId");
        int nameLength = in.u16("NameLength");
        if (fileTime < 0 || nameLength % 2 != 0) {
            throw in.invalid("ClientId " + Long.toUnsignedString(fileTime) + ", NameLength " + nameLength);
        }
        String name = in.utf16(nameLength / 2, "Name");
        return new PacClientInfo(fromFileTime(fileTime), name);
    }

    static Instant fromFileTime(long fileTime) {
        long sinceUnix = fileTime - FILETIME_UNIX_EPOCH;
        return Instant.ofEpochSecond(
                Math.floorDiv(sinceUnix, 10_000_000L), Math.floorMod(sinceUnix, 10_000_000L) * 100);
    }
}
