package org.jnegotiate.ntlm.messages;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * Every truncation and every single-byte mutation (three masks, plus 0x00 and 0xFF values) of the
 * corpus messages and the spec CHALLENGE, fed to every decoder: only NegotiateException may escape.
 */
class MessageFuzzTest {
    interface Decoder {
        void decode(byte[] b) throws NegotiateException;
    }

    static final List<Decoder> DECODERS = List.of(
            NegotiateMessage::decode,
            ChallengeMessage::decode,
            b -> {
                AuthenticateMessage a = AuthenticateMessage.decode(b);
                byte[] nt = a.ntChallengeResponse();
                if (nt.length > 16) {
                    Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length))
                            .avPairs()
                            .flags();
                }
            },
            b -> {
                TargetInfo t = TargetInfo.decode(b);
                t.flags();
                t.timestamp();
                t.string(AvPair.MSV_AV_NB_COMPUTER_NAME);
            },
            Ntlmv2ClientChallenge::decode);

    static int run(byte[] input) {
        int rejected = 0;
        for (Decoder d : DECODERS) {
            try {
                d.decode(input);
            } catch (NegotiateException e) {
                rejected++;
            } catch (Throwable t) {
                fail("decoder threw " + t + " for input of " + input.length + " bytes", t);
            }
        }
        return rejected;
    }

    @Test
    void truncationsAndMutations_onlyNegotiateExceptionEscapes() throws Exception {
        List<byte[]> corpus = List.of(
                Corpus.pyspnego("ntlm_negotiate.bin"),
                Corpus.pyspnego("ntlm_challenge.bin"),
                Corpus.pyspnego("ntlm_authenticate.bin"),
                Corpus.pyspnego("ntlm_authenticate_no_sign_seal.bin"),
                MessageCodecTest.SPEC_CHALLENGE);
        long inputs = 0;
        long rejected = 0;
        for (byte[] msg : corpus) {
            for (int len = 0; len <= msg.length; len++) {
                rejected += run(Arrays.copyOf(msg, len));
                inputs++;
            }
            for (int i = 0; i < msg.length; i++) {
                for (int mask : new int[] {0x01, 0x80, 0x7F}) {
                    byte[] m = msg.clone();
                    m[i] ^= (byte) mask;
                    rejected += run(m);
                    inputs++;
                }
                for (int value : new int[] {0x00, 0xFF}) {
                    byte[] m = msg.clone();
                    m[i] = (byte) value;
                    rejected += run(m);
                    inputs++;
                }
            }
        }
        assertTrue(inputs > 5000, "inputs: " + inputs);
        // each input is the right type for at most one message decoder: most decodes must be rejections
        assertTrue(rejected > inputs * 3, "rejected " + rejected + " of " + inputs * DECODERS.size());
    }
}
