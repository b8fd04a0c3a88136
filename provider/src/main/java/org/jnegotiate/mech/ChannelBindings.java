package org.jnegotiate.mech;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * GSS-API channel bindings (RFC 2744 {@code gss_channel_bindings_struct}), immutable.
 *
 * <p>Kerberos (RFC 4121 section 4.1.1.2) and NTLM (MS-NLMP MsvAvChannelBindings) both carry the MD5
 * of the same flattened structure, so the hash is computed here, once, for both.
 */
public final class ChannelBindings {
    /** GSS_C_AF_UNSPEC: used when an address is absent. */
    public static final int AF_UNSPEC = 0;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 24;
    /** GSS_C_AF_NULLADDR: what the JDK's Kerberos uses for an absent address outside TLS bindings. */
    public static final int AF_NULLADDR = 255;

    private final int initiatorAddressType;
    private final byte[] initiatorAddress;
    private final int acceptorAddressType;
    private final byte[] acceptorAddress;
    private final byte[] applicationData;

    public ChannelBindings(
            int initiatorAddressType,
            byte[] initiatorAddress,
            int acceptorAddressType,
            byte[] acceptorAddress,
            byte[] applicationData) {
        this.initiatorAddressType = initiatorAddressType;
        this.initiatorAddress = initiatorAddress == null ? new byte[0] : initiatorAddress.clone();
        this.acceptorAddressType = acceptorAddressType;
        this.acceptorAddress = acceptorAddress == null ? new byte[0] : acceptorAddress.clone();
        this.applicationData = applicationData == null ? new byte[0] : applicationData.clone();
    }

    /** Application data only, the common case (for example TLS {@code tls-server-end-point}). */
    public static ChannelBindings ofApplicationData(byte[] applicationData) {
        return new ChannelBindings(AF_UNSPEC, null, AF_UNSPEC, null, applicationData);
    }

    /** The initiator address type (GSS_C_AF_*), {@link #AF_UNSPEC} when the caller gave none. */
    public int initiatorAddressType() {
        return initiatorAddressType;
    }

    /** The initiator address octets (4 for AF_INET, 16 for AF_INET6), empty when the caller gave none. */
    public byte[] initiatorAddress() {
        return initiatorAddress.clone();
    }

    public byte[] applicationData() {
        return applicationData.clone();
    }

    /** The flattened structure: each field as a little-endian 32-bit type/length and its bytes. */
    public byte[] flatten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                20 + initiatorAddress.length + acceptorAddress.length + applicationData.length);
        writeLe32(out, initiatorAddressType);
        writeLe32(out, initiatorAddress.length);
        out.writeBytes(initiatorAddress);
        writeLe32(out, acceptorAddressType);
        writeLe32(out, acceptorAddress.length);
        out.writeBytes(acceptorAddress);
        writeLe32(out, applicationData.length);
        out.writeBytes(applicationData);
        return out.toByteArray();
    }

    /** MD5 of {@link #flatten()}: the 16 bytes both Kerberos and NTLM put on the wire. */
    public byte[] md5() {
        try {
            return MessageDigest.getInstance("MD5").digest(flatten());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JDK", e);
        }
    }

    private static void writeLe32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelBindings other && Arrays.equals(flatten(), other.flatten());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(flatten());
    }
}
