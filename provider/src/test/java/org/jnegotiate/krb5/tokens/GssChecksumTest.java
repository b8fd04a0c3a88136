package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** RFC 4121 section 4.1.1 authenticator checksum. */
class GssChecksumTest {

    @Test
    void encode_withoutDelegation_24BytesLittleEndian() {
        byte[] bnd = ChannelBindings.ofApplicationData(new byte[] {1, 2, 3}).md5();
        GssChecksum c =
                new GssChecksum(bnd, GssChecksum.MUTUAL | GssChecksum.INTEG | GssChecksum.CONF, Optional.empty());
        byte[] enc = c.encode();
        assertEquals(24, enc.length);
        assertArrayEquals(new byte[] {16, 0, 0, 0}, Arrays.copyOf(enc, 4));
        assertArrayEquals(bnd, Arrays.copyOfRange(enc, 4, 20));
        assertArrayEquals(new byte[] {0x32, 0, 0, 0}, Arrays.copyOfRange(enc, 20, 24));
    }

    @Test
    void roundTrip_withDelegation() throws Exception {
        byte[] cred = new byte[300];
        Arrays.fill(cred, (byte) 0x5A);
        GssChecksum c =
                new GssChecksum(GssChecksum.noBindings(), GssChecksum.DELEG | GssChecksum.MUTUAL, Optional.of(cred));
        byte[] enc = c.encode();
        assertEquals(28 + 300, enc.length);
        assertEquals(1, enc[24]);
        assertEquals(300 & 0xFF, enc[26] & 0xFF);
        assertEquals(1, enc[27]);
        GssChecksum back = GssChecksum.decode(enc);
        assertEquals(c, back);
        assertArrayEquals(cred, back.delegation().orElseThrow());
        assertTrue(back.hasNoBindings());
        assertTrue(back.has(GssChecksum.DELEG));
    }

    @Test
    void decode_extensionsAfterFlags_ignored() throws Exception {
        byte[] enc = Arrays.copyOf(
                new GssChecksum(GssChecksum.noBindings(), GssChecksum.SEQUENCE, Optional.empty()).encode(), 40);
        GssChecksum back = GssChecksum.decode(enc);
        assertEquals(GssChecksum.SEQUENCE, back.flags());
        assertFalse(back.delegation().isPresent());
    }

    @Test
    void decode_tooShort_invalidToken() {
        assertInvalid(new byte[23]);
    }

    @Test
    void decode_bindingLengthNot16_invalidToken() {
        byte[] enc = new GssChecksum(GssChecksum.noBindings(), 0, Optional.empty()).encode();
        enc[0] = 17;
        assertInvalid(enc);
    }

    @Test
    void decode_delegationLengthBeyondEnd_invalidToken() {
        byte[] enc = new GssChecksum(GssChecksum.noBindings(), GssChecksum.DELEG, Optional.of(new byte[10])).encode();
        enc[26] = 11;
        assertInvalid(enc);
    }

    @Test
    void decode_delegFlagWithoutField_invalidToken() {
        byte[] enc = new GssChecksum(GssChecksum.noBindings(), 0, Optional.empty()).encode();
        enc[20] = 1;
        assertInvalid(enc);
    }

    @Test
    void decode_unknownDelegationOption_invalidToken() {
        byte[] enc = new GssChecksum(GssChecksum.noBindings(), GssChecksum.DELEG, Optional.of(new byte[2])).encode();
        enc[24] = 2;
        assertInvalid(enc);
    }

    private static void assertInvalid(byte[] b) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> GssChecksum.decode(b));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }
}
