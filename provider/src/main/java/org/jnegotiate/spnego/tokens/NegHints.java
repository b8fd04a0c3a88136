package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;

/**
 * The negHints of a NegTokenInit2 (MS-SPNG 2.2.1). Windows puts the fixed string
 * {@code not_defined_in_RFC4178@please_ignore} in hintName and never sends hintAddress.
 */
public record NegHints(Optional<String> hintName, Optional<byte[]> hintAddress) {
    /** What Windows sends. */
    public static final String WINDOWS_HINT_NAME = "not_defined_in_RFC4178@please_ignore";

    public NegHints {
        Objects.requireNonNull(hintName, "hintName");
        hintAddress = Objects.requireNonNull(hintAddress, "hintAddress").map(byte[]::clone);
    }

    public static NegHints windows() {
        return new NegHints(Optional.of(WINDOWS_HINT_NAME), Optional.empty());
    }

    @Override
    public Optional<byte[]> hintAddress() {
        return hintAddress.map(byte[]::clone);
    }
}
