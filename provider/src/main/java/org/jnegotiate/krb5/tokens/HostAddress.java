package org.jnegotiate.krb5.tokens;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of HostAddresses (RFC 4120 section 5.2.5): an address type and its octets, as sent. Only IPv4 (2)
 * and IPv6 (24) are ever compared; the other types (NetBIOS names, DECnet ...) are kept so that their presence
 * still counts as an address restriction.
 */
public record HostAddress(int type, byte[] address) {
    /** addr-type of a 4-octet IPv4 address; the same number as GSS_C_AF_INET. */
    public static final int INET = 2;
    /** addr-type of a 16-octet IPv6 address; the same number as GSS_C_AF_INET6. */
    public static final int INET6 = 24;

    public HostAddress {
        address = Objects.requireNonNull(address, "address").clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** Whether this is the address {@code other} of type {@code otherType}. */
    public boolean is(int otherType, byte[] other) {
        return type == otherType && Arrays.equals(address, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAddress h && h.is(type, address);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(address);
    }

    @Override
    public String toString() {
        return "HostAddress[type " + type + ", " + address.length + " octets]";
    }
}
