package org.jnegotiate.ntlm.messages;

import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.NegotiateException;

/**
 * CHALLENGE_MESSAGE (MS-NLMP section 2.2.1.2). The target name is Unicode when NEGOTIATE_UNICODE is
 * set, OEM otherwise; the target info is present when NEGOTIATE_TARGET_INFO is set.
 */
public record ChallengeMessage(
        int flags, String targetName, byte[] serverChallenge, TargetInfo targetInfo, Optional<NtlmVersion> version) {
    public static final int TYPE = 2;
    private static final int TARGET_NAME = 12;
    private static final int FLAGS = 20;
    private static final int SERVER_CHALLENGE = 24;
    private static final int TARGET_INFO = 40;
    private static final int VERSION = 48;
    private static final int HEADER = 56;
    /** Without TargetInfo fields and Version (pre-NTLMv2 servers). */
    private static final int MINIMUM = 32;

    private static final int WITH_TARGET_INFO = 48;

    public ChallengeMessage {
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(targetInfo, "targetInfo");
        Objects.requireNonNull(version, "version");
        if (serverChallenge.length != 8) {
            throw new IllegalArgumentException("ServerChallenge is 8 bytes");
        }
        serverChallenge = serverChallenge.clone();
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }

    public static ChallengeMessage decode(byte[] msg) throws NegotiateException {
        NtlmReader r = NtlmReader.open(msg, TYPE, MINIMUM, "CHALLENGE_MESSAGE");
        int flags = r.u32(FLAGS);
        boolean unicode = NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_UNICODE);
        String targetName = NtlmReader.text(r.field(TARGET_NAME, "TargetName"), unicode, "TargetName");
        byte[] challenge = r.bytes(SERVER_CHALLENGE, 8);
        TargetInfo info = TargetInfo.empty();
        int payloadStart = r.payloadOffset(TARGET_NAME);
        if (r.length() >= WITH_TARGET_INFO) {
            payloadStart = Math.min(payloadStart, r.payloadOffset(TARGET_INFO));
            if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_TARGET_INFO)) {
                info = TargetInfo.decode(r.field(TARGET_INFO, "TargetInfo"));
            }
        }
        Optional<NtlmVersion> version = Optional.empty();
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION)
                && r.length() >= HEADER
                && payloadStart >= HEADER) {
            version = Optional.of(NtlmVersion.read(r, VERSION));
        }
        return new ChallengeMessage(flags, targetName, challenge, info, version);
    }

    /** Always writes the TargetInfo fields (setting NEGOTIATE_TARGET_INFO) and the Version when present. */
    public byte[] encode() {
        int f = flags | NegotiateFlags.NEGOTIATE_TARGET_INFO;
        f = version.isPresent() ? f | NegotiateFlags.NEGOTIATE_VERSION : f & ~NegotiateFlags.NEGOTIATE_VERSION;
        NtlmWriter w = new NtlmWriter(TYPE, version.isPresent() ? HEADER : WITH_TARGET_INFO);
        w.field(TARGET_NAME, NtlmWriter.text(targetName, NegotiateFlags.has(f, NegotiateFlags.NEGOTIATE_UNICODE)));
        w.u32(FLAGS, f);
        w.bytes(SERVER_CHALLENGE, serverChallenge);
        w.field(TARGET_INFO, targetInfo.encode());
        version.ifPresent(v -> w.bytes(VERSION, v.encode()));
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChallengeMessage c
                && c.flags == flags
                && c.targetName.equals(targetName)
                && java.util.Arrays.equals(c.serverChallenge, serverChallenge)
                && c.targetInfo.equals(targetInfo)
                && c.version.equals(version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, targetName, java.util.Arrays.hashCode(serverChallenge), targetInfo, version);
    }

    @Override
    public String toString() {
        return "CHALLENGE_MESSAGE[flags=" + NegotiateFlags.describe(flags) + ", targetName=" + targetName
                + ", targetInfo=" + targetInfo + ", version="
                + version.map(NtlmVersion::toString).orElse("-") + "]";
    }
}
