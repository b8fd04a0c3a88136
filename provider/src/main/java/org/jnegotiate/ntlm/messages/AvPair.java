package org.jnegotiate.ntlm.messages;

import java.util.Objects;

/**
 * One AV_PAIR of MS-NLMP section 2.2.2.1: an attribute id and its value. The ids are the
 * {@code MSV_AV_*} constants; unknown ids are kept as they came.
 */
public record AvPair(int id, byte[] value) {
    /** MsvAvEOL: terminates the list. */
    public static final int MSV_AV_EOL = 0x0000;
    /** MsvAvNbComputerName: the server's NetBIOS computer name (Unicode). */
    public static final int MSV_AV_NB_COMPUTER_NAME = 0x0001;
    /** MsvAvNbDomainName: the server's NetBIOS domain name (Unicode). */
    public static final int MSV_AV_NB_DOMAIN_NAME = 0x0002;
    /** MsvAvDnsComputerName: the server's FQDN (Unicode). */
    public static final int MSV_AV_DNS_COMPUTER_NAME = 0x0003;
    /** MsvAvDnsDomainName: the FQDN of the domain (Unicode). */
    public static final int MSV_AV_DNS_DOMAIN_NAME = 0x0004;
    /** MsvAvDnsTreeName: the FQDN of the forest (Unicode). */
    public static final int MSV_AV_DNS_TREE_NAME = 0x0005;
    /** MsvAvFlags: 32-bit flags, see {@link #FLAG_MIC_PRESENT}. */
    public static final int MSV_AV_FLAGS = 0x0006;
    /** MsvAvTimestamp: FILETIME of the server's clock. */
    public static final int MSV_AV_TIMESTAMP = 0x0007;
    /** MsvAvSingleHost: a Single_Host_Data structure. */
    public static final int MSV_AV_SINGLE_HOST = 0x0008;
    /** MsvAvTargetName: the SPN of the target server (Unicode), supplied by the client. */
    public static final int MSV_AV_TARGET_NAME = 0x0009;
    /** MsvAvChannelBindings: MD5 of gss_channel_bindings_struct, supplied by the client. */
    public static final int MSV_AV_CHANNEL_BINDINGS = 0x000A;

    /** MsvAvFlags bit: the account authentication is constrained. */
    public static final int FLAG_CONSTRAINED = 0x1;
    /** MsvAvFlags bit: the client provides a MIC in the AUTHENTICATE_MESSAGE. */
    public static final int FLAG_MIC_PRESENT = 0x2;
    /** MsvAvFlags bit: the target SPN came from an untrusted source. */
    public static final int FLAG_UNTRUSTED_SPN = 0x4;

    public AvPair {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("AvId out of range: " + id);
        }
        value = Objects.requireNonNull(value, "value").clone();
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("AV_PAIR value too long: " + value.length);
        }
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvPair p && p.id == id && java.util.Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * id + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "AvPair[" + id + ", " + value.length + " bytes]";
    }
}
