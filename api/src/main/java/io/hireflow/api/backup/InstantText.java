package io.hireflow.api.backup;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Fast conversions between epoch milliseconds (Avro {@code timestamp-millis}) and the canonical text
 * {@link io.hireflow.api.dictionary.Column#format} writes ({@code 2021-07-27T16:02:08Z}).
 * DateTimeFormatter costs a microsecond a row, the bulk of a million-row backup; these are
 * digit arithmetic, and {@code InstantTextTest} proves they agree with the dictionary's formatter.
 */
final class InstantText {

    private InstantText() {
    }

    /**
     * Epoch milliseconds of the DATETIME text {@code yyyy-MM-dd HH:mm:ss} (or {@code yyyy-MM-ddTHH:mm:ssZ}),
     * UTC, as ASCII bytes: the database's own text of a value, parsed without making a String.
     */
    static long epochMillis(byte[] text) {
        if (text.length < 19) {
            throw new IllegalArgumentException("not a DATETIME: " + new String(text, StandardCharsets.US_ASCII));
        }
        long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
        return (day * 86_400L + digits(text, 11, 13) * 3600L + digits(text, 14, 16) * 60L + digits(text, 17, 19))
                * 1000L;
    }

    /**
     * The canonical text of whole-second epoch milliseconds, or {@code null} when it has none:
     * a fraction of a second, or a year outside 0000–9999.
     */
    static String iso(long epochMillis) {
        if (epochMillis % 1000 != 0) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return null;
        }
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        put(c, 0, 4, t.getYear());
        put(c, 5, 2, t.getMonthValue());
        put(c, 8, 2, t.getDayOfMonth());
        put(c, 11, 2, t.getHour());
        put(c, 14, 2, t.getMinute());
        put(c, 17, 2, t.getSecond());
        return new String(c);
    }

    private static void put(char[] target, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            target[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int digits(byte[] text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a DATETIME: " + new String(text, StandardCharsets.US_ASCII));
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
