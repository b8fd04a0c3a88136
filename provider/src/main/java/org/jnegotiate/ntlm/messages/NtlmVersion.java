package org.jnegotiate.ntlm.messages;

import org.jnegotiate.mech.NegotiateException;

/**
 * The VERSION structure of MS-NLMP section 2.2.2.10: the sender's Windows version, for debugging only,
 * and the NTLMSSP revision (15 = NTLMSSP_REVISION_W2K3).
 */
public record NtlmVersion(int major, int minor, int build, int revision) {
    public static final int LENGTH = 8;
    public static final int NTLMSSP_REVISION_W2K3 = 0x0F;
    /** What this implementation announces (Windows 10 / Server 2019 numbering). */
    public static final NtlmVersion CURRENT = new NtlmVersion(10, 0, 17763, NTLMSSP_REVISION_W2K3);

    public NtlmVersion {
        if (major < 0
                || major > 255
                || minor < 0
                || minor > 255
                || build < 0
                || build > 0xFFFF
                || revision < 0
                || revision > 255) {
            throw new IllegalArgumentException("version field out of range");
        }
    }

    static NtlmVersion read(NtlmReader r, int off) throws NegotiateException {
        byte[] b = r.bytes(off, LENGTH);
        return new NtlmVersion(b[0] & 0xFF, b[1] & 0xFF, (b[2] & 0xFF) | (b[3] & 0xFF) << 8, b[7] & 0xFF);
    }

    byte[] encode() {
        return new byte[] {(byte) major, (byte) minor, (byte) build, (byte) (build >>> 8), 0, 0, 0, (byte) revision};
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + " rev " + revision;
    }
}
