package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** RFC 4121 section 4.2 token headers. */
class CfxHeaderTest {

    @Test
    void wrapHeader_layoutAsInRfc4121() {
        byte[] h = new CfxHeader(
                        CfxHeader.Kind.WRAP, CfxHeader.SEALED | CfxHeader.ACCEPTOR_SUBKEY, 16, 28, 0x0102030405060708L)
                .encode();
        assertArrayEquals(new byte[] {5, 4, 6, (byte) 0xFF, 0, 16, 0, 28, 1, 2, 3, 4, 5, 6, 7, 8}, h);
    }

    @Test
    void micHeader_layoutAsInRfc4121() throws Exception {
        byte[] h = new CfxHeader(CfxHeader.Kind.MIC, CfxHeader.SENT_BY_ACCEPTOR, 0, 0, 1).encode();
        assertArrayEquals(
                new byte[] {
                    4, 4, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1
                },
                h);
        assertEquals(1, CfxHeader.parse(h, 0, 16, CfxHeader.Kind.MIC).sequence());
    }

    @Test
    void parse_roundTrip() throws Exception {
        CfxHeader h = new CfxHeader(CfxHeader.Kind.WRAP, CfxHeader.SEALED, 0xFFFF, 0x1234, -1L);
        assertEquals(h, CfxHeader.parse(h.encode(), 0, 16, CfxHeader.Kind.WRAP));
    }

    @Test
    void parse_wrongTokId_invalidToken() {
        byte[] h = new CfxHeader(CfxHeader.Kind.MIC, 0, 0, 0, 1).encode();
        assertInvalid(() -> CfxHeader.parse(h, 0, 16, CfxHeader.Kind.WRAP));
    }

    @Test
    void parse_badFillerOrUnknownFlag_invalidToken() {
        byte[] h = new CfxHeader(CfxHeader.Kind.MIC, 0, 0, 0, 1).encode();
        h[5] = 0;
        assertInvalid(() -> CfxHeader.parse(h, 0, 16, CfxHeader.Kind.MIC));
        byte[] w = new CfxHeader(CfxHeader.Kind.WRAP, 0, 0, 0, 1).encode();
        w[2] = 8;
        assertInvalid(() -> CfxHeader.parse(w, 0, 16, CfxHeader.Kind.WRAP));
    }

    @Test
    void parse_short_invalidToken() {
        assertInvalid(() -> CfxHeader.parse(new byte[15], 0, 15, CfxHeader.Kind.WRAP));
        assertInvalid(() -> CfxHeader.parse(new byte[16], 1, 16, CfxHeader.Kind.WRAP));
    }

    @Test
    void unrotate_undoesRightRotation() {
        byte[] original = {1, 2, 3, 4, 5, 6, 7};
        // right rotation by 3: the last 3 bytes come first
        byte[] rotated = {5, 6, 7, 1, 2, 3, 4};
        assertArrayEquals(original, CfxHeader.unrotate(rotated, 0, 7, 3));
        assertArrayEquals(original, CfxHeader.unrotate(rotated, 0, 7, 10)); // RRC larger than the data
        assertArrayEquals(original, CfxHeader.unrotate(original, 0, 7, 0));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e) {
        assertEquals(
                Failure.INVALID_TOKEN, assertThrows(NegotiateException.class, e).failure());
    }
}
