package org.jnegotiate.ntlm;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.AvPair;
import org.jnegotiate.ntlm.messages.ChallengeMessage;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.jnegotiate.ntlm.messages.NtlmVersion;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.TargetInfo;

/**
 * AUTHENTICATE_MESSAGEs made by hand from the project's codecs and MS-NLMP functions: what a client that knows the
 * password may choose to send (its own flags, AV pairs, MIC or none), and what an attacker without it can make of
 * a captured one (the NTLMv2 blob rewritten under the old NTProofStr).
 */
final class ForgedNtlm {
    /** Windows' usual final flags. */
    static final int FLAGS = NegotiateFlags.NEGOTIATE_UNICODE
            | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.NEGOTIATE_SIGN
            | NegotiateFlags.NEGOTIATE_SEAL
            | NegotiateFlags.NEGOTIATE_NTLM
            | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN
            | NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NegotiateFlags.NEGOTIATE_TARGET_INFO
            | NegotiateFlags.NEGOTIATE_VERSION
            | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.NEGOTIATE_KEY_EXCH;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ForgedNtlm() {}

    /**
     * A valid NTLMv2 AUTHENTICATE for {@code DOMAIN\\user} over {@code challengeBytes}, with {@code flags}, the
     * server's AV pairs passed through {@code pairs}, and a MIC over the three messages when {@code mic}.
     */
    static byte[] authenticate(
            byte[] negotiateBytes,
            byte[] challengeBytes,
            String domain,
            String user,
            String password,
            int flags,
            UnaryOperator<TargetInfo> pairs,
            boolean mic)
            throws NegotiateException {
        ChallengeMessage challenge = ChallengeMessage.decode(challengeBytes);
        byte[] ntHash = NtlmCrypto.ntowfV1(password.toCharArray());
        byte[] responseKey = NtlmCrypto.ntowfV2(ntHash, user, domain);
        byte[] clientChallenge = new byte[8];
        RANDOM.nextBytes(clientChallenge);
        TargetInfo server = challenge.targetInfo();
        byte[] temp = new Ntlmv2ClientChallenge(server.timestamp().orElseThrow(), clientChallenge, pairs.apply(server))
                .encode();
        byte[] proof = NtlmCrypto.ntProofStr(responseKey, challenge.serverChallenge(), temp);
        byte[] keyExchangeKey = NtlmCrypto.kxKey(NtlmCrypto.sessionBaseKey(responseKey, proof));
        byte[] exported = keyExchangeKey;
        byte[] encrypted = new byte[0];
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_KEY_EXCH)) {
            exported = new byte[16];
            RANDOM.nextBytes(exported);
            encrypted = NtlmCrypto.rc4k(keyExchangeKey, exported);
        }
        byte[] out = new AuthenticateMessage(
                        flags,
                        new byte[24],
                        NtlmCrypto.ntlmv2Response(proof, temp),
                        domain,
                        user,
                        "",
                        encrypted,
                        Optional.of(NtlmVersion.CURRENT),
                        mic ? Optional.of(new byte[AuthenticateMessage.MIC_LENGTH]) : Optional.empty())
                .encode();
        return mic
                ? AuthenticateMessage.withMic(out, NtlmCrypto.mic(exported, negotiateBytes, challengeBytes, out))
                : out;
    }

    /** The server's pairs plus MsvAvTargetName {@code spn}, without a MIC promised. */
    static UnaryOperator<TargetInfo> targetName(String spn) {
        return t -> t.withString(AvPair.MSV_AV_TARGET_NAME, spn);
    }

    /** The server's pairs unchanged: no MsvAvFlags, no MsvAvTargetName (curl's and old clients' answer). */
    static UnaryOperator<TargetInfo> serverPairsOnly() {
        return t -> t;
    }

    /**
     * A captured AUTHENTICATE with its NTLMv2 client challenge's AV pairs passed through {@code f}, its NTProofStr
     * kept (what an attacker without the password can do), its flags replaced and its MIC field kept or removed.
     */
    static byte[] tamper(
            byte[] captured, int flags, UnaryOperator<TargetInfo> f, boolean keepMic, boolean keepSessionKey)
            throws NegotiateException {
        AuthenticateMessage a = AuthenticateMessage.decode(captured);
        byte[] nt = a.ntChallengeResponse();
        Ntlmv2ClientChallenge blob = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length));
        byte[] temp = new Ntlmv2ClientChallenge(blob.timestamp(), blob.challengeFromClient(), f.apply(blob.avPairs()))
                .encode();
        return new AuthenticateMessage(
                        flags,
                        a.lmChallengeResponse(),
                        NtlmCrypto.ntlmv2Response(Arrays.copyOf(nt, 16), temp),
                        a.domain(),
                        a.user(),
                        a.workstation(),
                        keepSessionKey ? a.encryptedRandomSessionKey() : new byte[0],
                        a.version(),
                        keepMic ? a.mic() : Optional.empty())
                .encode();
    }

    /** {@code t} with the MIC-present bit of MsvAvFlags cleared. */
    static TargetInfo micBitCleared(TargetInfo t) {
        try {
            return t.withFlags(t.flags().orElseThrow() & ~AvPair.FLAG_MIC_PRESENT);
        } catch (NegotiateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code t} without the pair {@code id}. */
    static TargetInfo without(TargetInfo t, int id) {
        List<AvPair> kept = new ArrayList<>();
        for (AvPair p : t.pairs()) {
            if (p.id() != id) {
                kept.add(p);
            }
        }
        return TargetInfo.of(kept);
    }
}
