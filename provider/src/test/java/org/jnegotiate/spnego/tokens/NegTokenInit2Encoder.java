package org.jnegotiate.spnego.tokens;

import static org.jnegotiate.testing.TestTlv.explicit;
import static org.jnegotiate.testing.TestTlv.tlv;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The tests' encoder of NegTokenInit2 (MS-SPNG 2.2.1), the token a Windows server sends first: JNegotiate only ever
 * decodes it, so its encoder lives here, written from the ASN.1 independently of the production encoder.
 */
public final class NegTokenInit2Encoder {
    private static final int SEQUENCE = 0x30;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int GENERAL_STRING = 0x1B;

    private NegTokenInit2Encoder() {}

    /** Any NegotiationToken: a NegTokenInit2 by this encoder, the others by their production encoder. */
    public static byte[] encodeAny(NegotiationToken t) {
        if (t instanceof NegTokenInit2 init2) {
            return encode(init2);
        }
        return t instanceof NegTokenInit init ? init.encode() : ((NegTokenResp) t).encode();
    }

    /** What a Windows server sends: its list and the fixed hint name. */
    public static byte[] windowsHints(MechTypeList mechTypes) {
        return encode(new NegTokenInit2(
                mechTypes, OptionalInt.empty(), Optional.empty(), Optional.of(NegHints.windows()), Optional.empty()));
    }

    /** NegotiationToken [0] { NegTokenInit2 SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2], negHints [3], mechListMIC [4] } }. */
    public static byte[] encode(NegTokenInit2 t) {
        byte[] flags =
                t.reqFlags().isPresent() ? explicit(1, bitString(t.reqFlags().getAsInt())) : null;
        byte[] token = t.mechToken().map(b -> explicit(2, tlv(OCTET_STRING, b))).orElse(null);
        byte[] hints = t.negHints()
                .map(h -> explicit(
                        3,
                        tlv(
                                SEQUENCE,
                                h.hintName()
                                        .map(n ->
                                                explicit(0, tlv(GENERAL_STRING, n.getBytes(StandardCharsets.US_ASCII))))
                                        .orElse(null),
                                h.hintAddress()
                                        .map(a -> explicit(1, tlv(OCTET_STRING, a)))
                                        .orElse(null))))
                .orElse(null);
        byte[] mic = t.mechListMic().map(b -> explicit(4, tlv(OCTET_STRING, b))).orElse(null);
        return explicit(0, tlv(SEQUENCE, explicit(0, t.mechTypes().der()), flags, token, hints, mic));
    }

    /** ContextFlags as DER named bits: bit i of {@code flags} is bit i of the string, trailing zero bits dropped. */
    private static byte[] bitString(int flags) {
        int highest = 31 - Integer.numberOfLeadingZeros(flags);
        if (highest < 0) {
            return tlv(BIT_STRING, new byte[] {0});
        }
        byte[] body = new byte[1 + highest / 8 + 1];
        body[0] = (byte) (7 - highest % 8);
        for (int i = 0; i <= highest; i++) {
            if ((flags & (1 << i)) != 0) {
                body[1 + i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return tlv(BIT_STRING, body);
    }
}
