package org.jnegotiate.testing;

/** Searching byte arrays in tests (where a field sits in an encoding, whether plaintext shows in a token). */
public final class Bytes {
    private Bytes() {}

    /** Where {@code needle} first occurs in {@code hay}, or -1. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where {@code needle} first occurs in {@code hay}; an AssertionError when it does not. */
    public static int find(byte[] hay, byte[] needle) {
        int at = indexOf(hay, needle);
        if (at < 0) {
            throw new AssertionError("pattern not found");
        }
        return at;
    }
}
