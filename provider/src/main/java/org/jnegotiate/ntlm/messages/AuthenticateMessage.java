package org.jnegotiate.ntlm.messages;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.NegotiateException;

/**
 * AUTHENTICATE_MESSAGE (MS-NLMP section 2.2.1.3). Strings are Unicode when NEGOTIATE_UNICODE is set,
 * OEM otherwise. The Version and MIC fields exist only when the payload starts late enough for them
 * (older clients end the header at 64 bytes), so both are optional on receipt.
 */
public record AuthenticateMessage(
        int flags,
        byte[] lmChallengeResponse,
        byte[] ntChallengeResponse,
        String domain,
        String user,
        String workstation,
        byte[] encryptedRandomSessionKey,
        Optional<NtlmVersion> version,
        Optional<byte[]> mic) {
    public static final int TYPE = 3;
    /** Where the 16-byte MIC sits, when the message has one. */
    public static final int MIC_OFFSET = 72;

    public static final int MIC_LENGTH = 16;
    private static final int LM = 12;
    private static final int NT = 20;
    private static final int DOMAIN = 28;
    private static final int USER = 36;
    private static final int WORKSTATION = 44;
    private static final int SESSION_KEY = 52;
    private static final int FLAGS = 60;
    private static final int VERSION = 64;
    private static final int MINIMUM = 64;
    private static final int HEADER = MIC_OFFSET + MIC_LENGTH;

    public AuthenticateMessage {
        lmChallengeResponse = lmChallengeResponse.clone();
        ntChallengeResponse = ntChallengeResponse.clone();
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workstation, "workstation");
        encryptedRandomSessionKey = encryptedRandomSessionKey.clone();
        Objects.requireNonNull(version, "version");
        mic = mic.map(m -> {
            if (m.length != MIC_LENGTH) {
                throw new IllegalArgumentException("MIC is 16 bytes");
            }
            return m.clone();
        });
    }

    @Override
    public byte[] lmChallengeResponse() {
        return lmChallengeResponse.clone();
    }

    @Override
    public byte[] ntChallengeResponse() {
        return ntChallengeResponse.clone();
    }

    @Override
    public byte[] encryptedRandomSessionKey() {
        return encryptedRandomSessionKey.clone();
    }

    @Override
    public Optional<byte[]> mic() {
        return mic.map(byte[]::clone);
    }

    public static AuthenticateMessage decode(byte[] msg) throws NegotiateException {
        NtlmReader r = NtlmReader.open(msg, TYPE, MINIMUM, "AUTHENTICATE_MESSAGE");
        int flags = r.u32(FLAGS);
        boolean unicode = NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_UNICODE);
        byte[] lm = r.field(LM, "LmChallengeResponse");
        byte[] nt = r.field(NT, "NtChallengeResponse");
        String domain = NtlmReader.text(r.field(DOMAIN, "DomainName"), unicode, "DomainName");
        String user = NtlmReader.text(r.field(USER, "UserName"), unicode, "UserName");
        String workstation = NtlmReader.text(r.field(WORKSTATION, "Workstation"), unicode, "Workstation");
        byte[] key = r.field(SESSION_KEY, "EncryptedRandomSessionKey");
        int payloadStart = r.length();
        for (int at : new int[] {LM, NT, DOMAIN, USER, WORKSTATION, SESSION_KEY}) {
            payloadStart = Math.min(payloadStart, r.payloadOffset(at));
        }
        Optional<NtlmVersion> version = Optional.empty();
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION) && payloadStart >= MIC_OFFSET) {
            version = Optional.of(NtlmVersion.read(r, VERSION));
        }
        Optional<byte[]> mic = payloadStart >= HEADER ? Optional.of(r.bytes(MIC_OFFSET, MIC_LENGTH)) : Optional.empty();
        return new AuthenticateMessage(flags, lm, nt, domain, user, workstation, key, version, mic);
    }

    /**
     * Encodes with a Version field when present and a MIC field when present (a present MIC of zeros
     * reserves the place for a MIC computed over the encoding, see {@link #withMic}).
     */
    public byte[] encode() {
        int f = version.isPresent()
                ? flags | NegotiateFlags.NEGOTIATE_VERSION
                : flags & ~NegotiateFlags.NEGOTIATE_VERSION;
        boolean unicode = NegotiateFlags.has(f, NegotiateFlags.NEGOTIATE_UNICODE);
        int header = mic.isPresent() ? HEADER : version.isPresent() ? MIC_OFFSET : MINIMUM;
        NtlmWriter w = new NtlmWriter(TYPE, header);
        w.field(LM, lmChallengeResponse);
        w.field(NT, ntChallengeResponse);
        w.field(DOMAIN, NtlmWriter.text(domain, unicode));
        w.field(USER, NtlmWriter.text(user, unicode));
        w.field(WORKSTATION, NtlmWriter.text(workstation, unicode));
        w.field(SESSION_KEY, encryptedRandomSessionKey);
        w.u32(FLAGS, f);
        version.ifPresent(v -> w.bytes(VERSION, v.encode()));
        mic.ifPresent(m -> w.bytes(MIC_OFFSET, m));
        return w.toByteArray();
    }

    /** A copy of an encoded message with the MIC field zeroed: the input of the MIC (MS-NLMP 3.1.5.1.2). */
    public static byte[] zeroMic(byte[] encoded) throws NegotiateException {
        if (encoded.length < HEADER) {
            throw NtlmReader.invalid("AUTHENTICATE_MESSAGE has no room for a MIC");
        }
        byte[] copy = encoded.clone();
        Arrays.fill(copy, MIC_OFFSET, HEADER, (byte) 0);
        return copy;
    }

    /** Writes {@code mic} into an encoded message that reserved the field. */
    public static byte[] withMic(byte[] encoded, byte[] mic) {
        byte[] copy = encoded.clone();
        System.arraycopy(mic, 0, copy, MIC_OFFSET, MIC_LENGTH);
        return copy;
    }

    /** True for the anonymous AUTHENTICATE of MS-NLMP 3.2.5.1.2: no user, no NT response, an empty or Z(1) LM response. */
    public boolean isAnonymous() {
        return user.isEmpty()
                && ntChallengeResponse.length == 0
                && (lmChallengeResponse.length == 0
                        || (lmChallengeResponse.length == 1 && lmChallengeResponse[0] == 0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticateMessage a
                && a.flags == flags
                && Arrays.equals(a.lmChallengeResponse, lmChallengeResponse)
                && Arrays.equals(a.ntChallengeResponse, ntChallengeResponse)
                && a.domain.equals(domain)
                && a.user.equals(user)
                && a.workstation.equals(workstation)
                && Arrays.equals(a.encryptedRandomSessionKey, encryptedRandomSessionKey)
                && a.version.equals(version)
                && a.mic.isPresent() == mic.isPresent()
                && (mic.isEmpty() || Arrays.equals(a.mic.get(), mic.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, domain, user, workstation, Arrays.hashCode(ntChallengeResponse));
    }

    /** Responses and keys are never printed: an NTLMv2 response can be attacked offline. */
    @Override
    public String toString() {
        return "AUTHENTICATE_MESSAGE[flags=" + NegotiateFlags.describe(flags) + ", domain=" + domain + ", user=" + user
                + ", workstation=" + workstation + ", lm=" + lmChallengeResponse.length + " bytes, nt="
                + ntChallengeResponse.length + " bytes, key=" + encryptedRandomSessionKey.length + " bytes, version="
                + version.map(NtlmVersion::toString).orElse("-") + ", mic=" + mic.isPresent() + "]";
    }
}
