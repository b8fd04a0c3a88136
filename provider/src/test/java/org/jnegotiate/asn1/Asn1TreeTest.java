package org.jnegotiate.asn1;

import static org.jnegotiate.asn1.Der.app;
import static org.jnegotiate.asn1.Der.concat;
import static org.jnegotiate.asn1.Der.ctx;
import static org.jnegotiate.asn1.Der.integer;
import static org.jnegotiate.asn1.Der.octets;
import static org.jnegotiate.asn1.Der.seq;
import static org.jnegotiate.asn1.Der.tlv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** The strict DER reader: structure rules, then each primitive reader. */
class Asn1TreeTest {

    private static DerElement parse(byte[] der) throws NegotiateException {
        return Asn1Tree.parse(der, 0, der.length, "test");
    }

    private static NegotiateException assertInvalid(Asn1Tree.Binder<?> binder, byte[] der) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> Asn1Tree.bind(der, "test", binder));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        return e;
    }

    private static NegotiateException assertUnparsable(byte[] der) {
        return assertInvalid(root -> root, der);
    }

    /** A two-field sequence [0] INTEGER, [1] OCTET STRING under [APPLICATION 5]. */
    private static DerElement[] twoFields(DerElement root) throws NegotiateException {
        return Asn1Tree.fields(Asn1Tree.application(root, 5, "test"), 2, "test");
    }

    // ---------------------------------------------------------------- structure

    @Test
    void fields_boundByTagNumber_absentOnesNull() throws Exception {
        byte[] der = app(5, seq(ctx(1, octets(new byte[] {7, 8}))));
        DerElement[] f = Asn1Tree.bind(der, "test", Asn1TreeTest::twoFields);
        assertNull(f[0]);
        assertArrayEquals(new byte[] {7, 8}, Asn1Tree.octets(f[1], "f1"));
    }

    @Test
    void fields_outOfOrderRepeatedOrUnknown_invalidToken() {
        byte[] a = ctx(0, integer(1));
        byte[] b = ctx(1, octets(new byte[0]));
        assertInvalid(Asn1TreeTest::twoFields, app(5, seq(b, a)));
        assertInvalid(Asn1TreeTest::twoFields, app(5, seq(a, a)));
        assertInvalid(Asn1TreeTest::twoFields, app(5, seq(a, ctx(2, integer(1)))));
        assertInvalid(Asn1TreeTest::twoFields, app(5, seq(a, integer(1)))); // an untagged value
        assertInvalid(Asn1TreeTest::twoFields, app(5, seq(tlv(0x60, integer(1))))); // an application tag
    }

    @Test
    void application_otherTagOrClass_invalidToken() {
        byte[] body = seq(ctx(0, integer(1)));
        NegotiateException e = assertInvalid(Asn1TreeTest::twoFields, app(6, body));
        assertTrue(e.getMessage().contains("[APPLICATION 5]"), e.getMessage());
        assertInvalid(Asn1TreeTest::twoFields, ctx(5, body));
        assertInvalid(Asn1TreeTest::twoFields, body);
        assertInvalid(root -> Asn1Tree.fields(root, 2, "t"), app(5, octets(new byte[0]))); // not a SEQUENCE
    }

    @Test
    void parse_explicitTagsMustHoldExactlyOneValue() {
        assertUnparsable(seq(ctx(0, concat(integer(1), integer(2)))));
        assertUnparsable(seq(tlv(0xA0)));
        assertUnparsable(seq(tlv(0x80, new byte[] {1}))); // a primitive (implicit) context tag
        assertUnparsable(app(1, concat(seq(), seq())));
        assertUnparsable(tlv(0x41, new byte[] {1})); // a primitive application tag
    }

    @Test
    void parse_constructedWherePrimitiveIsRequiredAndViceVersa_invalidToken() {
        assertUnparsable(seq(tlv(0x22, integer(1)))); // constructed INTEGER
        assertUnparsable(seq(tlv(0x24, octets(new byte[] {1})))); // constructed OCTET STRING (BER)
        assertUnparsable(tlv(0x10, new byte[] {2, 1, 0})); // primitive SEQUENCE
        assertUnparsable(tlv(0x11, new byte[0])); // primitive SET
    }

    @Test
    void parse_privateTag_invalidToken() {
        assertUnparsable(seq(tlv(0xC0, new byte[] {1})));
    }

    @Test
    void parse_indefiniteLength_invalidToken() {
        assertUnparsable(new byte[] {0x30, (byte) 0x80, 2, 1, 5, 0, 0});
        assertUnparsable(new byte[] {0x30, 5, 0x30, (byte) 0x80, 0, 0, 0});
    }

    @Test
    void parse_lengthNotInItsShortestForm_invalidToken() {
        assertUnparsable(new byte[] {0x30, (byte) 0x81, 3, 2, 1, 5});
        assertUnparsable(new byte[] {0x30, 4, 2, (byte) 0x81, 1, 5});
    }

    @Test
    void parse_trailingOrMissingBytes_invalidToken() {
        byte[] good = seq(ctx(0, integer(5)));
        NegotiateException e = assertUnparsable(Arrays.copyOf(good, good.length + 1));
        assertTrue(e.getMessage().contains("1 bytes after"), e.getMessage());
        for (int len = 0; len < good.length; len++) {
            assertUnparsable(Arrays.copyOf(good, len));
        }
    }

    @Test
    void parse_childOverrunningItsParent_invalidToken() {
        // SEQUENCE of length 3 holding an INTEGER that claims 2 content bytes, then one more byte outside
        assertUnparsable(new byte[] {0x30, 3, 2, 2, 1, 1});
        // a child shorter than the space its parent leaves
        assertUnparsable(new byte[] {0x30, 4, 2, 1, 1, 0});
    }

    @Test
    void parse_hostileLengths_invalidToken() {
        assertUnparsable(new byte[] {0x30, (byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertUnparsable(new byte[] {0x30, (byte) 0x84, (byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertUnparsable(new byte[] {0x30, (byte) 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0});
        assertUnparsable(new byte[] {0x04, (byte) 0x82, 1});
        assertUnparsable(new byte[] {0x1F});
        assertUnparsable(null);
        assertUnparsable(new byte[0]);
    }

    @Test
    void parse_deepNesting_invalidTokenNotStackOverflow() {
        byte[] deep = new byte[200_000];
        for (int i = 0; i < deep.length; i += 2) {
            deep[i] = 0x30;
            deep[i + 1] = (byte) 0x80;
        }
        assertUnparsable(deep);
    }

    @Test
    void parse_atAnOffset_offsetsIndexTheWholeArray() throws Exception {
        byte[] inner = seq(ctx(0, octets(new byte[] {9, 9, 9})));
        byte[] buffer = concat(new byte[] {1, 2, 3}, inner, new byte[] {4});
        DerElement root = Asn1Tree.parse(buffer, 3, inner.length, "test");
        assertEquals(3, root.offset());
        assertArrayEquals(new byte[] {9, 9, 9}, Asn1Tree.octets(Asn1Tree.fields(root, 1, "t")[0], "v"));
        assertThrows(IllegalArgumentException.class, () -> Asn1Tree.parse(buffer, 3, buffer.length, "test"));
    }

    @Test
    void bind_runtimeExceptionOfTheBinder_invalidToken() {
        NegotiateException e = assertInvalid(
                root -> {
                    throw new IndexOutOfBoundsException("boom");
                },
                seq());
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException);
    }

    // ---------------------------------------------------------------- INTEGER

    @Test
    void enumerated_readsItsValue_andOnlyTheEnumeratedTag() throws NegotiateException {
        assertEquals(3, Asn1Tree.enumerated(parse(new byte[] {0x0A, 1, 3}), "negState"));
        assertInvalid(r -> Asn1Tree.enumerated(r, "negState"), new byte[] {0x02, 1, 3});
        assertInvalid(r -> Asn1Tree.enumerated(r, "negState"), new byte[] {0x0A, 0});
    }

    private static long integerOf(byte[] der) throws NegotiateException {
        return Asn1Tree.integer(parse(der), "i");
    }

    @Test
    void integer_twosComplementOfAnyWidthUpTo64Bits() throws Exception {
        for (long v : new long[] {
            0,
            1,
            -1,
            127,
            128,
            -128,
            -129,
            255,
            256,
            0x7FFFFFFFL,
            0x80000000L,
            -0x80000000L,
            0xFFFFFFFFL,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        }) {
            assertEquals(v, integerOf(integer(v)), "value " + v);
        }
        assertEquals(5, integerOf(new byte[] {2, 3, 0, 0, 5})); // leading zero octets, as Kerby accepts them
        assertEquals(-1, integerOf(new byte[] {2, 2, (byte) 0xFF, (byte) 0xFF}));
    }

    @Test
    void integer_largerThan64BitsOrEmpty_invalidToken() {
        assertInvalid(root -> Asn1Tree.integer(root, "i"), integer(BigInteger.ONE.shiftLeft(63)));
        assertInvalid(
                root -> Asn1Tree.integer(root, "i"),
                integer(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE)));
        assertInvalid(root -> Asn1Tree.integer(root, "i"), integer(BigInteger.ONE.shiftLeft(200)));
        assertInvalid(root -> Asn1Tree.integer(root, "i"), new byte[] {2, 0});
        assertInvalid(root -> Asn1Tree.integer(root, "i"), octets(new byte[] {1}));
    }

    @Test
    void int32_outsideTheRange_invalidToken() throws Exception {
        assertEquals(Integer.MAX_VALUE, Asn1Tree.int32(parse(integer(Integer.MAX_VALUE)), "i"));
        assertEquals(Integer.MIN_VALUE, Asn1Tree.int32(parse(integer(Integer.MIN_VALUE)), "i"));
        NegotiateException e = assertInvalid(root -> Asn1Tree.int32(root, "etype"), integer(0x80000000L));
        assertTrue(e.getMessage().contains("etype"), e.getMessage());
        assertInvalid(root -> Asn1Tree.int32(root, "i"), integer(-0x80000001L));
    }

    @Test
    void unsigned32_acceptsUnsignedAndSignedWriting() throws Exception {
        assertEquals(0xFFFFFFFFL, Asn1Tree.unsigned32(parse(integer(0xFFFFFFFFL)), "seq"));
        assertEquals(0xFFFFFFFFL, Asn1Tree.unsigned32(parse(integer(-1)), "seq"));
        assertEquals(0x80000000L, Asn1Tree.unsigned32(parse(integer(Integer.MIN_VALUE)), "seq"));
        assertEquals(0, Asn1Tree.unsigned32(parse(integer(0)), "seq"));
        assertInvalid(root -> Asn1Tree.unsigned32(root, "seq"), integer(0x100000000L));
        assertInvalid(root -> Asn1Tree.unsigned32(root, "seq"), integer(-0x80000001L));
    }

    @Test
    void integerEquals_otherValue_invalidToken() throws Exception {
        Asn1Tree.integerEquals(parse(integer(5)), 5, "pvno");
        NegotiateException e = assertInvalid(
                root -> {
                    Asn1Tree.integerEquals(root, 5, "pvno");
                    return null;
                },
                integer(4));
        assertTrue(e.getMessage().endsWith("pvno is 4, not 5"), e.getMessage());
    }

    // ---------------------------------------------------------------- strings, time, flags

    @Test
    void octets_copiedFromTheInput() throws Exception {
        byte[] der = octets(new byte[] {1, 2, 3});
        DerElement item = parse(der);
        byte[] v = Asn1Tree.octets(item, "o");
        assertArrayEquals(new byte[] {1, 2, 3}, v);
        v[0] = 9;
        assertEquals(1, der[2]);
        assertNotSame(Asn1Tree.octets(item, "o"), Asn1Tree.octets(item, "o"));
        assertArrayEquals(new byte[0], Asn1Tree.octets(parse(octets(new byte[0])), "o"));
    }

    @Test
    void readers_wrongUniversalType_invalidToken() {
        byte[] anInteger = integer(1);
        assertInvalid(root -> Asn1Tree.octets(root, "o"), anInteger);
        assertInvalid(root -> Asn1Tree.generalString(root, "s"), anInteger);
        assertInvalid(root -> Asn1Tree.kerberosTime(root, "t"), anInteger);
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), anInteger);
        assertInvalid(root -> Asn1Tree.sequenceOf(root, "s"), anInteger);
        assertInvalid(root -> Asn1Tree.integer(root, "i"), Der.generalString("1"));
        assertInvalid(root -> Asn1Tree.generalString(root, "s"), tlv(0x0C, new byte[] {'a'})); // UTF8String
        assertInvalid(root -> Asn1Tree.octets(root, "o"), tlv(0x44, octets(new byte[0]))); // [APPLICATION 4]
    }

    @Test
    void readers_absentField_missingInvalidToken() {
        NegotiateException e = assertThrows(NegotiateException.class, () -> Asn1Tree.octets(null, "cipher"));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertTrue(e.getMessage().endsWith("missing cipher"), e.getMessage());
        assertThrows(NegotiateException.class, () -> Asn1Tree.int32(null, "etype"));
        assertThrows(NegotiateException.class, () -> Asn1Tree.kerberosTime(null, "ctime"));
    }

    @Test
    void generalString_asciiAndUtf8() throws Exception {
        assertEquals("DOMAIN.LOCAL", Asn1Tree.generalString(parse(Der.generalString("DOMAIN.LOCAL")), "s"));
        assertEquals("jürgen", Asn1Tree.generalString(parse(Der.generalString("jürgen")), "s"));
        assertEquals("", Asn1Tree.generalString(parse(Der.generalString("")), "s"));
    }

    @Test
    void kerberosTime_strict() throws Exception {
        assertEquals(
                Instant.parse("2020-06-13T21:04:23Z"), Asn1Tree.kerberosTime(parse(Der.time("20200613210423Z")), "t"));
        assertInvalid(root -> Asn1Tree.kerberosTime(root, "t"), Der.time("20200230210423Z"));
        assertInvalid(root -> Asn1Tree.kerberosTime(root, "t"), Der.time("20200613210423.123Z"));
        assertInvalid(root -> Asn1Tree.kerberosTime(root, "t"), Der.time(""));
    }

    @Test
    void kerberosFlags_first32BitsMostSignificantFirst() throws Exception {
        assertEquals(0x20000000, Asn1Tree.kerberosFlags(parse(Der.flags(0x20000000)), "f"));
        assertEquals(0x80000001, Asn1Tree.kerberosFlags(parse(Der.flags(0x80000001)), "f"));
        // more than 32 bits (RFC 4120 5.2.8 allows it): the first 32 count
        assertEquals(
                0x40810000,
                Asn1Tree.kerberosFlags(parse(tlv(0x03, new byte[] {0, 0x40, (byte) 0x81, 0, 0, (byte) 0xFF})), "f"));
        assertEquals(
                0x01020304, Asn1Tree.kerberosFlags(parse(tlv(0x03, new byte[] {4, 1, 2, 3, 4, (byte) 0xF0})), "f"));
    }

    @Test
    void kerberosFlags_fewerThan32BitsOrBadPadding_invalidToken() {
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), tlv(0x03, new byte[] {0, 0x20}));
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), tlv(0x03, new byte[0]));
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), tlv(0x03, new byte[] {8, 0, 0, 0, 0}));
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), tlv(0x03, new byte[] {-1, 0, 0, 0, 0}));
        assertInvalid(root -> Asn1Tree.kerberosFlags(root, "f"), tlv(0x03, new byte[] {1, 0, 0, 0, 1}));
    }

    @Test
    void sequenceOf_elementsInOrder() throws Exception {
        byte[] der = seq(integer(3), integer(1), integer(2));
        long[] values = Asn1Tree.sequenceOf(parse(der), "s").stream()
                .mapToLong(item -> {
                    try {
                        return Asn1Tree.integer(item, "i");
                    } catch (NegotiateException e) {
                        throw new AssertionError(e);
                    }
                })
                .toArray();
        assertArrayEquals(new long[] {3, 1, 2}, values);
        assertTrue(Asn1Tree.sequenceOf(parse(seq()), "s").isEmpty());
    }
}
