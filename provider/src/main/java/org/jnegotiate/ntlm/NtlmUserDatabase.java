package org.jnegotiate.ntlm;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;

/**
 * Where an NTLM acceptor finds the NT hash (MD4 of the UTF-16LE password) of the users it accepts, or, for
 * databases that hold no hashes (a domain controller reached through winbind, {@link WinbindNtlmUserDatabase}),
 * who verifies an NTLMv2 response for it. Implementations match the user name case-insensitively (Windows account
 * names are).
 */
@FunctionalInterface
public interface NtlmUserDatabase {

    /**
     * The NT hash of {@code user} in {@code domain} (the DomainName of the AUTHENTICATE_MESSAGE, possibly
     * empty), or empty when the user is unknown. The caller destroys the returned secret.
     */
    Optional<SecretBytes> ntHash(String domain, String user);

    /**
     * Verifies the NTLMv2 response of {@code logon} (MS-NLMP 3.3.2: NTProofStr over the server challenge and the
     * client's blob) and returns the SessionBaseKey, which the acceptor turns into the session keys (sign, seal, the
     * MIC). The default computes both from {@link #ntHash}; a database without hashes asks whoever has them.
     *
     * @throws NegotiateException {@link Failure#LOGON_DENIED} for an unknown user or a response that does not
     *                            verify (a wrong password)
     */
    default byte[] verifyNtlmv2(Ntlmv2Logon logon) throws NegotiateException {
        SecretBytes ntHash = ntHash(logon.domain(), logon.user())
                .orElseThrow(() -> new NegotiateException(Failure.LOGON_DENIED, "unknown NTLM user " + logon.who()));
        byte[] hash = ntHash.toByteArray();
        ntHash.destroy();
        byte[] responseKey = NtlmCrypto.ntowfV2(hash, logon.user(), logon.domain());
        Arrays.fill(hash, (byte) 0);
        try {
            byte[] expected = NtlmCrypto.ntProofStr(responseKey, logon.serverChallenge(), logon.clientBlob());
            if (!MessageDigest.isEqual(expected, logon.ntProofStr())) {
                throw new NegotiateException(
                        Failure.LOGON_DENIED,
                        "wrong password for NTLM user " + logon.who() + " (the NTLMv2 response does not verify)");
            }
            return NtlmCrypto.sessionBaseKey(responseKey, logon.ntProofStr());
        } finally {
            Arrays.fill(responseKey, (byte) 0);
        }
    }

    /**
     * What an NTLMv2 logon presents: the user as the AUTHENTICATE_MESSAGE names her, the acceptor's server
     * challenge and the client's NtChallengeResponse (NTProofStr followed by the client's blob).
     */
    record Ntlmv2Logon(
            String domain, String user, String workstation, byte[] serverChallenge, byte[] ntChallengeResponse) {
        public Ntlmv2Logon {
            serverChallenge = serverChallenge.clone();
            ntChallengeResponse = ntChallengeResponse.clone();
        }

        @Override
        public byte[] serverChallenge() {
            return serverChallenge.clone();
        }

        @Override
        public byte[] ntChallengeResponse() {
            return ntChallengeResponse.clone();
        }

        /** The first 16 bytes of the response. */
        public byte[] ntProofStr() {
            return Arrays.copyOf(ntChallengeResponse, 16);
        }

        /** The client's blob (NTLMv2_CLIENT_CHALLENGE) after the NTProofStr. */
        public byte[] clientBlob() {
            return Arrays.copyOfRange(ntChallengeResponse, 16, ntChallengeResponse.length);
        }

        /** DOMAIN\\user, for messages. */
        public String who() {
            return new NtlmIdentity(domain, user).toString();
        }

        @Override
        public String toString() {
            return "Ntlmv2Logon[" + who() + " from " + workstation + "]";
        }
    }
}
