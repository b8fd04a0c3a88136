package org.jnegotiate.http;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Negotiate} challenge of a response's {@code WWW-Authenticate} fields (RFC 4559 section 4): absent, bare
 * ({@code Negotiate}: the server asks for a first token or refused the last one) or with a token
 * ({@code Negotiate <base64>}). A field may list several challenges separated by commas (RFC 9110 section 11.6.1:
 * {@code Basic realm="x", Negotiate}); only Negotiate's is read, and its token68 is decoded strictly.
 *
 * <p>The header values come from the network: each is bounded before it is decoded, and a malformed Negotiate token
 * is a {@link Malformed} result, never an exception.
 */
public sealed interface NegotiateChallenge {

    /** The longest token accepted, in bytes: JNegotiate's default {@code jnegotiate.maxTokenSize}. */
    int MAX_TOKEN_BYTES = 64 * 1024;

    /** No {@code Negotiate} challenge in the fields. */
    record Absent() implements NegotiateChallenge {}

    /** {@code Negotiate} without a token. */
    record Bare() implements NegotiateChallenge {}

    /** {@code Negotiate <token>}. */
    record WithToken(byte[] token) implements NegotiateChallenge {
        public WithToken {
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** A {@code Negotiate} challenge whose token is not base64, or too long. */
    record Malformed(String reason) implements NegotiateChallenge {}

    /** Finds the Negotiate challenge among the values of every {@code WWW-Authenticate} field of a response. */
    static NegotiateChallenge of(List<String> wwwAuthenticate) {
        for (String field : wwwAuthenticate) {
            NegotiateChallenge c = ofField(field);
            if (!(c instanceof Absent)) {
                return c;
            }
        }
        return new Absent();
    }

    /** The Negotiate challenge of one field value. */
    static NegotiateChallenge ofField(String field) {
        if (field == null || field.length() > 2 * MAX_TOKEN_BYTES) {
            return field == null
                    ? new Absent()
                    : new Malformed("a WWW-Authenticate field of " + field.length() + " characters");
        }
        for (String challenge : field.split(",")) {
            String c = challenge.strip();
            int space = c.indexOf(' ');
            String scheme = space < 0 ? c : c.substring(0, space);
            if (!scheme.toLowerCase(Locale.ROOT).equals("negotiate")) {
                continue;
            }
            String value = space < 0 ? "" : c.substring(space + 1).strip();
            return value.isEmpty() ? new Bare() : decode(value);
        }
        return new Absent();
    }

    private static NegotiateChallenge decode(String value) {
        if (value.length() > (MAX_TOKEN_BYTES / 3 + 1) * 4) {
            return new Malformed("a Negotiate token longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        try {
            byte[] token = Base64.getDecoder().decode(value);
            return token.length == 0 ? new Bare() : new WithToken(token);
        } catch (IllegalArgumentException e) {
            return new Malformed("a Negotiate token that is not base64: " + e.getMessage());
        }
    }

    /** The token, when there is one. */
    default Optional<byte[]> tokenIfAny() {
        return this instanceof WithToken w ? Optional.of(w.token()) : Optional.empty();
    }

    /** The value of an {@code Authorization} field carrying {@code token}. */
    static String authorization(byte[] token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }

    /** A one-line description for logs and the probe. */
    static String describe(NegotiateChallenge c) {
        if (c instanceof WithToken w) {
            return "Negotiate with a token of " + w.token.length + " bytes";
        }
        if (c instanceof Malformed m) {
            return "malformed Negotiate challenge: " + m.reason();
        }
        return c instanceof Bare ? "Negotiate without a token" : "no Negotiate challenge";
    }
}
