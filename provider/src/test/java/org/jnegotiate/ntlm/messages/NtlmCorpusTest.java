package org.jnegotiate.ntlm.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/** The NTLM messages of the corpus's pyspnego captures (Windows Server 2019, domain DOMAIN.LOCAL), facts from its README. */
class NtlmCorpusTest {

    @Test
    void negotiate_windows_flagsE20882b7WithVersion() throws Exception {
        NegotiateMessage m = NegotiateMessage.decode(Corpus.pyspnego("ntlm_negotiate.bin"));
        assertEquals(0xe20882b7, m.flags());
        assertEquals(Optional.of(new NtlmVersion(10, 0, 17763, 15)), m.version());
        // Windows writes offset 0 for empty fields, we write the payload position: compare decoded values
        assertEquals(m, NegotiateMessage.decode(m.encode()));
    }

    @Test
    void challenge_windows_flagsAndTargetInfoNames() throws Exception {
        ChallengeMessage m = ChallengeMessage.decode(Corpus.pyspnego("ntlm_challenge.bin"));
        assertEquals(0xe2898235, m.flags());
        assertEquals("DOMAIN", m.targetName());
        assertEquals(Optional.of("DOMAIN"), m.targetInfo().string(AvPair.MSV_AV_NB_DOMAIN_NAME));
        assertEquals(Optional.of("DC01"), m.targetInfo().string(AvPair.MSV_AV_NB_COMPUTER_NAME));
        assertEquals(Optional.of("domain.local"), m.targetInfo().string(AvPair.MSV_AV_DNS_DOMAIN_NAME));
        assertTrue(m.targetInfo().timestamp().isPresent());
        assertArrayEquals(Corpus.pyspnego("ntlm_challenge.bin"), m.encode());
    }

    @Test
    void authenticate_windows_flagsE2898235AndNtlmv2Response() throws Exception {
        byte[] raw = Corpus.pyspnego("ntlm_authenticate.bin");
        AuthenticateMessage m = AuthenticateMessage.decode(raw);
        assertEquals(0xe2898235, m.flags());
        assertTrue(NegotiateFlags.has(
                m.flags(),
                NegotiateFlags.NEGOTIATE_SIGN | NegotiateFlags.NEGOTIATE_SEAL | NegotiateFlags.NEGOTIATE_KEY_EXCH));
        assertEquals(16, m.encryptedRandomSessionKey().length);
        assertFalse(m.mic().isPresent(), "payload starts at 72: no MIC field");
        byte[] nt = m.ntChallengeResponse();
        Ntlmv2ClientChallenge blob = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length));
        assertEquals(Optional.of("DC01"), blob.avPairs().string(AvPair.MSV_AV_NB_COMPUTER_NAME));
        assertEquals(m, AuthenticateMessage.decode(m.encode()));
    }

    @Test
    void authenticateNoSignSeal_windows_flagsE28a8205() throws Exception {
        byte[] raw = Corpus.pyspnego("ntlm_authenticate_no_sign_seal.bin");
        AuthenticateMessage m = AuthenticateMessage.decode(raw);
        assertEquals(0xe28a8205, m.flags());
        assertFalse(NegotiateFlags.has(m.flags(), NegotiateFlags.NEGOTIATE_SEAL));
        assertFalse(NegotiateFlags.has(m.flags(), NegotiateFlags.NEGOTIATE_SIGN));
        assertEquals(24, m.lmChallengeResponse().length);
        assertTrue(m.ntChallengeResponse().length > 24, "an NTLMv2 response");
    }
}
