package org.jnegotiate.gss;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * What the agent's patch of the JDK's {@code GSSContextImpl.acceptSecContext} calls on an acceptor's first token,
 * before the JDK reads its RFC 2743 header ({@link JdkFramingPatch}). A token that starts with that header (0x60)
 * is left alone; so is anything else but the two unframed tokens clients really send there: a raw NTLMSSP message
 * (Windows browsers put one in an HTTP {@code Negotiate} header when Kerberos is impossible) and a bare SPNEGO
 * NegTokenResp (the last leg of an exchange whose first legs a previous context answered, as servers that open a
 * context per request produce). Those two are given an RFC 2743 header naming SPNEGO, so that the framework hands
 * them, unchanged, to the SPNEGO mechanism: JNegotiate's, which serves both.
 *
 * <p>The JDK runs a copy of this class inside {@code java.security.jgss} ({@link JdkFramingPatch#HOOK}), so it
 * uses nothing but {@code java.base} and has no nested classes. Only the {@code byte[]} form of
 * {@code acceptSecContext} is touched (its stream is a {@link ByteArrayInputStream} over exactly the token): the
 * deprecated stream form, with an application's own stream, keeps the JDK's behaviour.
 */
public final class UnframedFirstTokens {
    /** DER of the SPNEGO OID 1.3.6.1.5.5.2. */
    private static final byte[] SPNEGO_OID = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};

    private static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    /** [APPLICATION 0] of RFC 2743 section 3.1. */
    private static final int FRAME_TAG = 0x60;
    /** NegotiationToken CHOICE [1]: NegTokenResp (RFC 4178 section 4.2). */
    private static final int NEG_TOKEN_RESP_TAG = 0xa1;

    private UnframedFirstTokens() {}

    /** The first token as the framework is to read it: {@code in} itself, or it after an RFC 2743 SPNEGO header. */
    public static InputStream frame(InputStream in) throws IOException {
        if (!(in instanceof ByteArrayInputStream)) {
            return in;
        }
        in.mark(0); // a ByteArrayInputStream ignores the limit: reset() returns here
        byte[] head = in.readNBytes(NTLMSSP.length);
        in.reset();
        if (!isUnframedNtlmssp(head) && !isNegTokenResp(head)) {
            return in;
        }
        return new SequenceInputStream(new ByteArrayInputStream(spnegoHeader(in.available())), in);
    }

    private static boolean isUnframedNtlmssp(byte[] head) {
        if (head.length < NTLMSSP.length) {
            return false;
        }
        for (int i = 0; i < NTLMSSP.length; i++) {
            if (head[i] != NTLMSSP[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNegTokenResp(byte[] head) {
        return head.length > 0 && (head[0] & 0xFF) == NEG_TOKEN_RESP_TAG;
    }

    /** {@code 0x60 <DER length> 06 06 2b 06 01 05 05 02} for an inner token of {@code innerLength} bytes. */
    static byte[] spnegoHeader(int innerLength) {
        long body = (long) SPNEGO_OID.length + innerLength;
        int lengthOctets = body < 0x80 ? 0 : body < 0x100 ? 1 : body < 0x10000 ? 2 : body < 0x1000000 ? 3 : 4;
        byte[] header = new byte[2 + lengthOctets + SPNEGO_OID.length];
        header[0] = (byte) FRAME_TAG;
        if (lengthOctets == 0) {
            header[1] = (byte) body;
        } else {
            header[1] = (byte) (0x80 | lengthOctets);
            for (int i = 0; i < lengthOctets; i++) {
                header[1 + lengthOctets - i] = (byte) (body >>> (8 * i));
            }
        }
        System.arraycopy(SPNEGO_OID, 0, header, 2 + lengthOctets, SPNEGO_OID.length);
        return header;
    }
}
