package org.jnegotiate.mech;

import java.util.Base64;

/**
 * How a token appears in a TRACE line (STYLE: tokens at step entry and exit, nothing secret): base64, except a
 * token that holds an NTLM AUTHENTICATE_MESSAGE, raw or inside SPNEGO, whose NTLMv2 response can be attacked
 * offline like a password hash: of that one only the size is given.
 */
public final class TokenLog {
    private static final byte[] AUTHENTICATE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0};

    private TokenLog() {
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
