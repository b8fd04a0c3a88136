package org.jnegotiate.krb5.tokens;

import java.util.Optional;

/** The two-byte TOK_ID that precedes the Kerberos message in a context token (RFC 4121 section 4.1). */
public enum ContextTokenId {
    AP_REQ(0x0100),
    AP_REP(0x0200),
    KRB_ERROR(0x0300);

    private static final ContextTokenId[] ALL = values();

    private final int value;

    ContextTokenId(int value) {
        this.value = value;
    }

    /** The big-endian 16-bit value on the wire. */
    public int value() {
        return value;
    }

    public static Optional<ContextTokenId> of(int value) {
        return Optional.ofNullable(orNull(value));
    }

    /** {@link #of} without the Optional and without a copy of {@code values()}: it runs for every token. */
    static ContextTokenId orNull(int value) {
        for (ContextTokenId id : ALL) {
            if (id.value == value) {
                return id;
            }
        }
        return null;
    }
}
