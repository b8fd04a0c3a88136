package org.jnegotiate.gss;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.Step;

/**
 * Context tokens as the GSS door takes them from and hands them to the JDK's {@code GSSContextImpl}: read within
 * {@code jnegotiate.maxTokenSize}, and framed by the door's one framing policy.
 *
 * <p><b>The framing policy of the GSS door</b> is the framework's: {@code GSSContextImpl} (JDK 17 to 25) strips the
 * RFC 2743 section 3.1 header from every token it receives for a non-SPNEGO mechanism, and from SPNEGO's first,
 * and adds it to every token a non-SPNEGO mechanism returns, and to SPNEGO's first. The engine's mechanisms take
 * and emit bare tokens (Kerberos: TOK_ID and message, RFC 4121 section 4.1), so tokens pass through this door
 * unchanged. The agent's {@link JdkFramingPatch} lets the two unframed first tokens clients really send reach the
 * SPNEGO acceptor ({@link UnframedFirstTokens}).
 */
final class GssTokens {
    private GssTokens() {}

    /**
     * A mechanism's output as the framework is to get it: the token itself, or null when there is nothing to send
     * (the framework frames any non-null array, even an empty one).
     */
    static byte[] toFramework(Step s) {
        return s.hasToken() ? s.token() : null;
    }

    /** The token the framework hands over: {@code length} bytes of {@code in}, or all of it when unknown (-1). */
    static byte[] read(InputStream in, int length, int max) throws NegotiateException {
        try {
            if (in == null) {
                return new byte[0];
            }
            if (length > max) {
                throw new NegotiateException(
                        Failure.INSUFFICIENT_MEMORY,
                        "token of " + length + " bytes exceeds jnegotiate.maxTokenSize (" + max + ")");
            }
            if (length >= 0) {
                // the framework knows the length: one array, filled straight from its stream
                byte[] token = new byte[length];
                int read = in.readNBytes(token, 0, length);
                if (read != length) {
                    throw new NegotiateException(
                            Failure.INVALID_TOKEN, "token truncated: " + read + " of " + length + " bytes");
                }
                return token;
            }
            byte[] token = readUnknownLength(in, max + 1);
            if (token.length > max) {
                throw new NegotiateException(
                        Failure.INSUFFICIENT_MEMORY, "token exceeds jnegotiate.maxTokenSize (" + max + " bytes)");
            }
            return token;
        } catch (IOException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "cannot read token: " + e.getMessage(), e);
        }
    }

    /**
     * A token whose length the framework does not say (SPNEGO tokens after the first: it frames only the first),
     * up to {@code limit} bytes. Its stream is over the token's array, so {@code available()} is the length: one
     * array of that size, where {@code readNBytes(limit)} would first allocate an 8 KiB chunk. Any other stream
     * is read to its end.
     */
    static byte[] readUnknownLength(InputStream in, int limit) throws IOException {
        byte[] token = new byte[Math.min(Math.max(in.available(), 0), limit)];
        int read = in.readNBytes(token, 0, token.length);
        if (read < token.length) {
            return Arrays.copyOf(token, read);
        }
        int next = token.length < limit ? in.read() : -1;
        if (next < 0) {
            return token;
        }
        byte[] rest = in.readNBytes(limit - token.length - 1);
        byte[] all = Arrays.copyOf(token, token.length + 1 + rest.length);
        all[token.length] = (byte) next;
        System.arraycopy(rest, 0, all, token.length + 1, rest.length);
        return all;
    }
}
