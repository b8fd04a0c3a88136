package org.jnegotiate.ntlm.messages;

import java.util.Arrays;
import java.util.Objects;
import org.jnegotiate.mech.NegotiateException;

/**
 * NTLMv2_CLIENT_CHALLENGE (MS-NLMP section 2.2.2.7): the blob after the 16-byte NTProofStr of an
 * NTLMv2_RESPONSE (section 2.2.2.8). Its encoding is the {@code temp} of section 3.3.2, including the
 * four zero bytes after the AV pairs.
 */
public record Ntlmv2ClientChallenge(long timestamp, byte[] challengeFromClient, TargetInfo avPairs) {
    /** RespType through Reserved3. */
    public static final int FIXED_LENGTH = 28;

    private static final int RESP_TYPE = 1;

    public Ntlmv2ClientChallenge {
        if (challengeFromClient.length != 8) {
            throw new IllegalArgumentException("ChallengeFromClient is 8 bytes");
        }
        challengeFromClient = challengeFromClient.clone();
        Objects.requireNonNull(avPairs, "avPairs");
    }

    @Override
    public byte[] challengeFromClient() {
        return challengeFromClient.clone();
    }

    public static Ntlmv2ClientChallenge decode(byte[] temp) throws NegotiateException {
        if (temp.length < FIXED_LENGTH) {
            throw NtlmReader.invalid(
                    "NTLMv2_CLIENT_CHALLENGE is " + temp.length + " bytes, shorter than " + FIXED_LENGTH);
        }
        if (temp[0] != RESP_TYPE || temp[1] != RESP_TYPE) {
            throw NtlmReader.invalid(
                    "NTLMv2_CLIENT_CHALLENGE RespType/HiRespType must be 1, not " + temp[0] + "/" + temp[1]);
        }
        long ts = FileTime.read(temp, 8);
        byte[] cc = Arrays.copyOfRange(temp, 16, 24);
        TargetInfo pairs = TargetInfo.decode(Arrays.copyOfRange(temp, FIXED_LENGTH, temp.length));
        return new Ntlmv2ClientChallenge(ts, cc, pairs);
    }

    public byte[] encode() {
        byte[] pairs = avPairs.encode();
        byte[] out = new byte[FIXED_LENGTH + pairs.length + 4];
        out[0] = RESP_TYPE;
        out[1] = RESP_TYPE;
        FileTime.write(out, 8, timestamp);
        System.arraycopy(challengeFromClient, 0, out, 16, 8);
        System.arraycopy(pairs, 0, out, FIXED_LENGTH, pairs.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ntlmv2ClientChallenge c
                && c.timestamp == timestamp
                && Arrays.equals(c.challengeFromClient, challengeFromClient)
                && c.avPairs.equals(avPairs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, Arrays.hashCode(challengeFromClient), avPairs);
    }
}
