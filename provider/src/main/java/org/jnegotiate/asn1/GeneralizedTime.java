package org.jnegotiate.asn1;

import java.time.Instant;
import java.time.LocalDate;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * KerberosTime (RFC 4120 section 5.2.3): a GeneralizedTime of exactly the 15 ASCII characters
 * {@code YYYYMMDDHHMMSSZ}, UTC, no fractional seconds. Read and written by arithmetic: Kerby's
 * Asn1GeneralizedTime builds a SimpleDateFormat and a Calendar for every value (and, being lenient, takes
 * 30 February for 2 March); this class allocates nothing but its result.
 */
public final class GeneralizedTime {
    /** The length of a KerberosTime's contents. */
    public static final int LENGTH = 15;

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long MAX_SECOND = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * SECONDS_PER_DAY - 1;

    private GeneralizedTime() {}

    /**
     * The instant of the {@code length} bytes at {@code offset}.
     *
     * @throws NegotiateException {@link Failure#INVALID_TOKEN} unless they are 15 ASCII digits and 'Z' forming a
     *                            real date and time (month 1-12, the month's days, hour 0-23, minute and second 0-59)
     */
    public static Instant parse(byte[] in, int offset, int length, String what) throws NegotiateException {
        if (length != LENGTH || in[offset + LENGTH - 1] != 'Z') {
            throw invalid(what + " is not a KerberosTime (YYYYMMDDHHMMSSZ)");
        }
        int year = digits(in, offset, 4, what);
        int month = digits(in, offset + 4, 2, what);
        int day = digits(in, offset + 6, 2, what);
        int hour = digits(in, offset + 8, 2, what);
        int minute = digits(in, offset + 10, 2, what);
        int second = digits(in, offset + 12, 2, what);
        if (month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            throw invalid(what + " is not a valid date and time");
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second);
    }

    /** Whether {@link #format} can write the instant: years 0000 to 9999. */
    public static boolean isFormattable(long epochSecond) {
        return epochSecond >= MIN_SECOND && epochSecond <= MAX_SECOND;
    }

    /**
     * The 15 bytes of the instant's second (the fraction is dropped, toward the past, as Kerby does).
     *
     * @throws IllegalArgumentException for a year outside 0000-9999 (see {@link #isFormattable})
     */
    public static byte[] format(long epochSecond) {
        if (!isFormattable(epochSecond)) {
            throw new IllegalArgumentException("no four-digit year for the KerberosTime of second " + epochSecond);
        }
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(days);
        byte[] out = new byte[LENGTH];
        put(out, 0, date.getYear(), 4);
        put(out, 4, date.getMonthValue(), 2);
        put(out, 6, date.getDayOfMonth(), 2);
        put(out, 8, secondOfDay / 3600, 2);
        put(out, 10, secondOfDay / 60 % 60, 2);
        put(out, 12, secondOfDay % 60, 2);
        out[14] = 'Z';
        return out;
    }

    private static int digits(byte[] in, int offset, int count, String what) throws NegotiateException {
        int v = 0;
        for (int i = offset; i < offset + count; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                throw invalid(what + " has a non-digit where KerberosTime needs one");
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static void put(byte[] out, int offset, int value, int count) {
        for (int i = offset + count - 1; i >= offset; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }
}
