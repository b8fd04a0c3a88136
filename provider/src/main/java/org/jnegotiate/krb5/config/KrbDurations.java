package org.jnegotiate.krb5.config;

import java.time.Duration;
import java.util.Locale;

/**
 * MIT krb5 time durations ({@code krb5_string_to_deltat}): a plain number of seconds, unit groups
 * {@code 1d2h3m4s}, or {@code [d-]h:m[:s]}.
 */
final class KrbDurations {
    private static final long MAX_SECONDS = 10L * 366 * 86400;

    private KrbDurations() {}

    /** The duration, or null when the text is not one. */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return null;
        }
        try {
            long seconds;
            if (t.chars().allMatch(Character::isDigit)) {
                seconds = Long.parseLong(t);
            } else if (t.indexOf(':') >= 0) {
                seconds = colonForm(t);
            } else {
                seconds = unitForm(t);
            }
            return seconds < 0 || seconds > MAX_SECONDS ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long colonForm(String t) {
        long days = 0;
        int dash = t.indexOf('-');
        if (dash >= 0) {
            days = Long.parseLong(t.substring(0, dash));
            t = t.substring(dash + 1);
        }
        String[] p = t.split(":", -1);
        if (p.length < 2 || p.length > 3) {
            return -1;
        }
        long h = Long.parseLong(p[0]);
        long m = Long.parseLong(p[1]);
        long s = p.length == 3 ? Long.parseLong(p[2]) : 0;
        if (m > 59 || s > 59) {
            return -1;
        }
        return days * 86400 + h * 3600 + m * 60 + s;
    }

    private static long unitForm(String t) {
        long total = 0;
        int i = 0;
        String seen = "";
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (start == i || i == t.length()) {
                return -1;
            }
            long n = Long.parseLong(t.substring(start, i));
            char unit = t.charAt(i++);
            // units must appear at most once and in the order d, h, m, s
            if (seen.indexOf(unit) >= 0
                    || "dhms".indexOf(unit) < 0
                    || (!seen.isEmpty() && "dhms".indexOf(unit) < "dhms".indexOf(seen.charAt(seen.length() - 1)))) {
                return -1;
            }
            seen += unit;
            total += n * (unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
        }
        return total;
    }
}
