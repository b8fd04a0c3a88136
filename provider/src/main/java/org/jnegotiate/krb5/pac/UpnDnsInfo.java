package org.jnegotiate.krb5.pac;

import java.util.Optional;
import org.jnegotiate.mech.NegotiateException;

/**
 * UPN_DNS_INFO (MS-PAC 2.10): the user's principal name and DNS domain and, in the extended form (flag S), the
 * sAMAccountName and the user's SID.
 *
 * @param upn           the user principal name, e.g. {@code alice@ad.example.test} (empty string when flag U says
 *                      the account has no UPN attribute and the KDC made one up)
 * @param dnsDomainName the DNS name of the user's domain
 * @param flags         0x1 U (no UPN attribute), 0x2 S (extended)
 */
public record UpnDnsInfo(String upn, String dnsDomainName, long flags, Optional<String> samName, Optional<Sid> sid) {
    public static final long UPN_CONSTRUCTED = 0x1;
    public static final long EXTENDED = 0x2;

    static UpnDnsInfo decode(byte[] pac, int offset, int size) throws NegotiateException {
        LittleEndianReader in = new LittleEndianReader(pac, offset, size, "PAC UPN_DNS_INFO");
        int upnLength = in.u16("UpnLength");
        int upnOffset = in.u16("UpnOffset");
        int dnsLength = in.u16("DnsDomainNameLength");
        int dnsOffset = in.u16("DnsDomainNameOffset");
        long flags = in.u32("Flags");
        String upn = string(pac, offset, size, upnOffset, upnLength, "Upn");
        String dns = string(pac, offset, size, dnsOffset, dnsLength, "DnsDomainName");
        Optional<String> samName = Optional.empty();
        Optional<Sid> sid = Optional.empty();
        if ((flags & EXTENDED) != 0) {
            int samLength = in.u16("SamNameLength");
            int samOffset = in.u16("SamNameOffset");
            int sidLength = in.u16("SidLength");
            int sidOffset = in.u16("SidOffset");
            samName = Optional.of(string(pac, offset, size, samOffset, samLength, "SamName"));
            LittleEndianReader sidIn = slice(pac, offset, size, sidOffset, sidLength, "Sid");
            sid = Optional.of(Sid.read(sidIn, -1, "UPN_DNS_INFO Sid"));
        }
        return new UpnDnsInfo(upn, dns, flags, samName, sid);
    }

    /** A UTF-16LE string at {@code at} (from the buffer's start) of {@code length} bytes, inside the buffer. */
    private static String string(byte[] pac, int offset, int size, int at, int length, String what)
            throws NegotiateException {
        LittleEndianReader in = slice(pac, offset, size, at, length, what);
        if (length % 2 != 0) {
            throw in.invalid(what + " of an odd length " + length);
        }
        return in.utf16(length / 2, what);
    }

    private static LittleEndianReader slice(byte[] pac, int offset, int size, int at, int length, String what)
            throws NegotiateException {
        if ((long) at + length > size) {
            throw new LittleEndianReader(pac, offset, size, "PAC UPN_DNS_INFO")
                    .invalid(what + " at " + at + "+" + length + " outside the buffer of " + size + " bytes");
        }
        return new LittleEndianReader(pac, offset + at, length, "PAC UPN_DNS_INFO " + what);
    }
}
