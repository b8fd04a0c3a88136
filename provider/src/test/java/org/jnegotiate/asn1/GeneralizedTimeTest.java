package org.jnegotiate.asn1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** KerberosTime (RFC 4120 section 5.2.3) by arithmetic, against Kerby's SimpleDateFormat-based type. */
class GeneralizedTimeTest {

    private static Instant parse(String s) throws NegotiateException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return GeneralizedTime.parse(b, 0, b.length, "time");
    }

    private static void assertInvalid(String s) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> parse(s));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void parse_corpusTime_isThatInstant() throws Exception {
        assertEquals(Instant.parse("2020-06-13T21:04:23Z"), parse("20200613210423Z"));
    }

    @Test
    void parse_edgesOfTheCalendar_areExact() throws Exception {
        assertEquals(Instant.EPOCH, parse("19700101000000Z"));
        assertEquals(Instant.parse("1969-12-31T23:59:59Z"), parse("19691231235959Z"));
        assertEquals(Instant.parse("2000-02-29T12:00:00Z"), parse("20000229120000Z"));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), parse("20240229000000Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), parse("99991231235959Z"));
        assertEquals(Instant.parse("0000-01-01T00:00:00Z"), parse("00000101000000Z"));
        assertEquals(Instant.parse("2037-12-31T23:59:59Z"), parse("20371231235959Z")); // Kerby's NEVER
    }

    @Test
    void parse_impossibleDates_invalidToken() {
        assertInvalid("20230230000000Z"); // 30 February
        assertInvalid("19000229000000Z"); // 1900 is not a leap year
        assertInvalid("20230229000000Z");
        assertInvalid("20230431000000Z"); // April has 30 days
        assertInvalid("20231301000000Z");
        assertInvalid("20230001000000Z");
        assertInvalid("20230100000000Z");
        assertInvalid("20230101240000Z");
        assertInvalid("20230101006000Z");
        assertInvalid("20230101000060Z"); // no leap second in KerberosTime
    }

    @Test
    void parse_notFifteenCharactersEndingInZ_invalidToken() {
        assertInvalid("2023010100000Z");
        assertInvalid("202301010000000Z");
        assertInvalid("20230101000000.5Z"); // fractions are not allowed (RFC 4120 5.2.3)
        assertInvalid("20230101000000+0100");
        assertInvalid("202301010000000");
        assertInvalid("");
    }

    @Test
    void parse_nonDigits_invalidToken() {
        assertInvalid("2023010100000aZ");
        assertInvalid("2023-101000000Z");
        assertInvalid(" 2023010100000Z");
        assertInvalid("2023010100:000Z");
        assertInvalid("2023010100/000Z"); // the characters just below and above the digits
    }

    @Test
    void parse_atAnOffsetInALargerArray_readsOnlyItsBytes() throws Exception {
        byte[] b = "xx20200613210423Zyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Instant.parse("2020-06-13T21:04:23Z"), GeneralizedTime.parse(b, 2, 15, "time"));
    }

    @Test
    void format_givesKerbysBytes_forRandomInstants() throws Exception {
        Random random = new Random(20_260_110);
        for (int i = 0; i < 2000; i++) {
            // years 1 to 9998 (Kerby's Julian/Gregorian calendar and java.time agree from 1583; the
            // comparison stays there) and the leap-year edges
            long ms = i < 1000 ? random.nextLong() % 200_000_000_000_000L : random.nextLong() % 4_000_000_000_000L;
            if (Instant.ofEpochMilli(ms).isBefore(Instant.parse("1583-01-01T00:00:00Z"))) {
                continue;
            }
            byte[] kerby = kerbyBytes(ms);
            assertArrayEquals(kerby, GeneralizedTime.format(Math.floorDiv(ms, 1000L)), "at " + ms);
            assertEquals(Instant.ofEpochSecond(Math.floorDiv(ms, 1000L)), GeneralizedTime.parse(kerby, 0, 15, "t"));
        }
    }

    @Test
    void format_roundTripsThroughParse() throws Exception {
        for (String t : new String[] {
            "19700101000000Z",
            "20000229235959Z",
            "00000101000000Z",
            "99991231235959Z",
            "19691231235959Z",
            "15821015000000Z"
        }) {
            byte[] b = t.getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(
                    b,
                    GeneralizedTime.format(GeneralizedTime.parse(b, 0, 15, "t").getEpochSecond()));
        }
    }

    @Test
    void format_outsideFourDigitYears_refused() {
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        assertTrue(GeneralizedTime.isFormattable(year10000 - 1));
        assertFalse(GeneralizedTime.isFormattable(year10000));
        assertFalse(GeneralizedTime.isFormattable(
                Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 1));
        assertThrows(IllegalArgumentException.class, () -> GeneralizedTime.format(year10000));
    }

    /** What Kerby writes: the encoding of a KerberosTime without its two header octets. */
    private static byte[] kerbyBytes(long ms) throws Exception {
        byte[] der = new KerberosTime(ms).encode();
        assertEquals(17, der.length);
        return Arrays.copyOfRange(der, 2, der.length);
    }
}
