package org.jnegotiate.servlet;

import java.util.Optional;

/** The HTTP authentication schemes the filter serves (RFC 4559 {@code Negotiate}, and Microsoft's {@code NTLM}). */
public enum AuthScheme {
    /** SPNEGO, or a bare Kerberos or NTLMSSP token as Windows clients send when SPNEGO is not possible. */
    NEGOTIATE("Negotiate"),
    /** Raw NTLMSSP messages only (MS-NTHT); off unless configured. */
    NTLM("NTLM");

    private final String headerName;

    AuthScheme(String headerName) {
        this.headerName = headerName;
    }

    /** The scheme as it is written in {@code Authorization} and {@code WWW-Authenticate}. */
    public String headerName() {
        return headerName;
    }

    /** The scheme named {@code name}, ignoring case (RFC 7235 section 2.1). */
    public static Optional<AuthScheme> of(String name) {
        for (AuthScheme s : values()) {
            if (s.headerName.equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** For configuration values such as {@code negotiate,ntlm}. */
    static AuthScheme parse(String text) {
        return of(text.trim())
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown authentication scheme '" + text.trim() + "' (Negotiate or NTLM)"));
    }
}
