package org.jnegotiate.mech;

import java.lang.System.Logger.Level;
import java.util.Base64;

/**
 * Context tokens in the log (STYLE: tokens at step entry and exit, at TRACE, nothing secret): one record per token
 * in and one per token out per step, written by the door that received or sent the token, on the door's logger
 * (the GSS door {@code org.jnegotiate.gss}, the SSPI door {@code org.jnegotiate.sspi}, the servlet filter), as the
 * door's peer sees it: framed where the door frames. The mechanisms below a door log their decisions at DEBUG, never
 * tokens, so that a token is not logged two or three times (door, SPNEGO, the mechanism inside).
 *
 * <p><b>SPNEGO's inner tokens</b> (the Kerberos or NTLM token inside a NegTokenInit or NegTokenResp) get no record
 * of their own: they are bytes of the door's one record, and a reader who wants them decodes that record
 * ({@code jnegotiate decode}).
 *
 * <p>A token appears as base64, except one that holds an NTLM AUTHENTICATE_MESSAGE, raw or inside SPNEGO, whose
 * NTLMv2 response can be attacked offline like a password hash: of that one only the size is given.
 */
public final class TokenLog {
    private static final byte[] AUTHENTICATE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0};

    private TokenLog() {}

    /**
     * The one TRACE record of a token a door received ({@code direction} "in") or sends ("out"):
     * {@code "<door> <direction>: <token>"}. Nothing is built when TRACE is off.
     */
    public static void trace(System.Logger log, Object door, String direction, byte[] token) {
        if (log.isLoggable(Level.TRACE)) {
            log.log(Level.TRACE, "{0} {1}: {2}", door, direction, of(token));
        }
    }

    /**
     * Steps {@code context} with the token a door received, with the door's two records: the token in, and the
     * token out with the step's status ({@code "<door> out (CONTINUE_NEEDED): ..."}). For doors whose tokens reach
     * the context as they came and leave it as they go (the GSS door, the servlet filter).
     */
    public static Step step(System.Logger log, Object door, MechContext context, byte[] input)
            throws NegotiateException {
        trace(log, door, "in", input);
        Step s = context.step(input);
        if (log.isLoggable(Level.TRACE)) {
            log.log(Level.TRACE, "{0} out ({1}): {2}", door, s.status(), of(s.token()));
        }
        return s;
    }

    /** Base64 of {@code token}, "(none)" for no token, a size-only note for an NTLM AUTHENTICATE_MESSAGE. */
    public static String of(byte[] token) {
        if (token == null || token.length == 0) {
            return "(none)";
        }
        if (holdsNtlmAuthenticate(token)) {
            return "(" + token.length + " bytes holding an NTLM AUTHENTICATE_MESSAGE: not logged, its NTLMv2 "
                    + "response can be attacked offline)";
        }
        return Base64.getEncoder().encodeToString(token);
    }

    static boolean holdsNtlmAuthenticate(byte[] token) {
        outer:
        for (int i = 0; i + AUTHENTICATE.length <= token.length; i++) {
            for (int j = 0; j < AUTHENTICATE.length; j++) {
                if (token[i + j] != AUTHENTICATE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
