package org.jnegotiate.servlet;

import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an attacker-controlled {@code Authorization} header value: {@code <scheme> SP <base64 token>} (RFC 4559
 * section 4.2, RFC 7235 token68). The length is checked before anything is decoded, so that no header can make the
 * filter allocate more than the largest token it accepts; the base64 must be strict (RFC 4648 alphabet, padding,
 * no line breaks).
 */
final class AuthorizationHeader {
    /** Why a header of one of our schemes was refused as malformed (HTTP 400). */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** A token of one of the schemes served. */
    record Credentials(AuthScheme scheme, byte[] token) {}

    private AuthorizationHeader() {}

    /**
     * The credentials of {@code value} for one of {@code schemes}; empty when there is no header or it is of another
     * scheme (Basic, Bearer: not ours to judge).
     *
     * @throws MalformedException for one of our schemes without a token, with a token longer than
     *         {@code maxTokenBytes} once decoded, or with bad base64
     */
    static Optional<Credentials> parse(String value, Set<AuthScheme> schemes, int maxTokenBytes)
            throws MalformedException {
        if (value == null) {
            return Optional.empty();
        }
        int start = skipBlanks(value, 0);
        int end = start;
        while (end < value.length() && !isBlank(value.charAt(end))) {
            end++;
        }
        Optional<AuthScheme> scheme = AuthScheme.of(value.substring(start, end));
        if (scheme.isEmpty() || !schemes.contains(scheme.get())) {
            return Optional.empty();
        }
        int tokenStart = skipBlanks(value, end);
        int tokenEnd = value.length();
        while (tokenEnd > tokenStart && isBlank(value.charAt(tokenEnd - 1))) {
            tokenEnd--;
        }
        int length = tokenEnd - tokenStart;
        if (length == 0) {
            throw new MalformedException(scheme.get().headerName() + " without a token");
        }
        // 4 characters carry 3 bytes: anything longer than this cannot decode to maxTokenBytes or less
        long maxChars = 4L * ((maxTokenBytes + 2L) / 3L);
        if (length > maxChars) {
            throw new MalformedException("token of " + length + " base64 characters, more than the " + maxChars
                    + " of a " + maxTokenBytes + "-byte token");
        }
        if (length % 4 != 0) {
            // RFC 4648 base64 as RFC 4559 writes it: padded (java.util.Base64 would also take it unpadded)
            throw new MalformedException("token of " + length + " base64 characters, not a multiple of 4");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(value.substring(tokenStart, tokenEnd));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("token is not base64: " + e.getMessage());
        }
        if (token.length == 0 || token.length > maxTokenBytes) {
            throw new MalformedException("token of " + token.length + " bytes");
        }
        return Optional.of(new Credentials(scheme.get(), token));
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
