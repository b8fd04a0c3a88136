package org.jnegotiate.krb5.tokens;

import java.util.Optional;

/** The two-byte TOK_ID that precedes the Kerberos message in a context token (RFC 4121 section 4.1). */
public enum ContextTokenId {
    AP_REQ(0x0100),
    AP_REP(0x0200),
    KRB_ERROR(0x0300);

    private final int value;

    ContextTokenId(int value) {
        this.value = value;
    }

    /** The big-endian 16-bit value on the wire. */
    public int value() {
        return value;
    }

    public static Optional<ContextTokenId> of(int value) {
        for (ContextTokenId id : values()) {
            if (id.value == value) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
