package org.jnegotiate.spnego.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncation, bit flips and hostile lengths: only NegotiateException(INVALID_TOKEN) may escape. */
class NegotiationTokenFuzzTest {

    private static byte[] body(String file) throws Exception {
        byte[] raw = SpnegoCorpus.read(file);
        return GssFraming.looksFramed(raw) ? GssFraming.unwrap(raw).inner() : raw;
    }

    private static void decodeOnlyInvalidToken(byte[] token, String what) {
        try {
            NegotiationToken.decode(token);
        } catch (NegotiateException e) {
            assertEquals(Failure.INVALID_TOKEN, e.failure(), what);
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pyspnego/initial_context_token_neg_token_init.bin",
                "pyspnego/initial_context_token_neg_token_init2.bin",
                "pyspnego/neg_token_resp.bin",
                "jnegotiate/ms-krb5-first-negtokeninit.bin"
            })
    void decode_everyTruncation_failsInvalidToken(String file) throws Exception {
        byte[] token = body(file);
        for (int len = 0; len < token.length; len++) {
            byte[] cut = Arrays.copyOf(token, len);
            NegotiateException e =
                    assertThrows(NegotiateException.class, () -> NegotiationToken.decode(cut), "truncated to " + len);
            assertEquals(Failure.INVALID_TOKEN, e.failure());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pyspnego/initial_context_token_neg_token_init.bin",
                "pyspnego/initial_context_token_neg_token_init2.bin",
                "pyspnego/neg_token_resp.bin",
                "jnegotiate/ms-krb5-first-negtokeninit.bin"
            })
    void decode_everyByteMutated_onlyInvalidToken(String file) throws Exception {
        byte[] token = body(file);
        // the header region is where structure lives; the whole of small tokens, the first 120 bytes of big ones
        int limit = Math.min(token.length, 120);
        for (int i = 0; i < limit; i++) {
            for (int v : new int[] {0x00, 0x01, 0x7f, 0x80, 0x81, 0x84, 0xff, token[i] ^ 0x20}) {
                byte[] m = token.clone();
                m[i] = (byte) v;
                decodeOnlyInvalidToken(m, file + " byte " + i + " = " + v);
            }
        }
        for (int i = limit; i < token.length; i += 7) {
            byte[] m = token.clone();
            m[i] ^= (byte) 0xff;
            decodeOnlyInvalidToken(m, file + " byte " + i);
        }
    }

    @Test
    void decode_hostileInputs_failInvalidToken() {
        HexFormat hex = HexFormat.of();
        List<String> bad = List.of(
                "a0",
                "a000",
                "a100",
                "a2023000", // empty/unknown choices
                "a084ffffff7f30", // length far beyond the input
                "a08030800000", // indefinite lengths
                "a1053003a00100", // [0] primitive inside NegTokenResp
                "a10a3008a0030a0105a1010", // negState 5, truncated
                "a1073005a0030a0105", // negState 5 (undefined)
                "a1083006a0040a010000", // two values inside one explicit tag
                "a1073005a0030a0100ff", // trailing byte
                "a00e300ca00a3008060200000602", // bad OID list
                "a0043002a100", // NegTokenInit without mechTypes
                "a1083006a10406022a80", // OID whose last arc never ends
                "a1093007a10506032a8001", // OID arc padded with 0x80
                "a1063004a1020600", // empty OID
                "a10724052403040100" // constructed OCTET STRING (BER) inside
                );
        for (String h : bad) {
            byte[] token;
            try {
                token = hex.parseHex(h);
            } catch (IllegalArgumentException e) {
                token = hex.parseHex(h.substring(0, h.length() - 1));
            }
            byte[] t = token;
            NegotiateException e = assertThrows(NegotiateException.class, () -> NegotiationToken.decode(t), h);
            assertEquals(Failure.INVALID_TOKEN, e.failure(), h);
        }
    }

    @Test
    void decode_deepNesting_failsInvalidToken() {
        byte[] deep = new byte[60000];
        for (int i = 0; i < deep.length; i += 2) {
            deep[i] = (byte) 0xa0;
            deep[i + 1] = (byte) 0x80;
        }
        NegotiateException e = assertThrows(NegotiateException.class, () -> NegotiationToken.decode(deep));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }
}
