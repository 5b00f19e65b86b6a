package io.hireflow.api.dictionary;

import java.nio.charset.StandardCharsets;

/**
 * Fast conversions between epoch milliseconds (Avro {@code timestamp-millis}) and the canonical text
 * {@link Column#format} writes ({@code 2021-07-27T16:02:08Z}).
 * DateTimeFormatter costs a microsecond a row, and even LocalDate a noticeable share of a backup
 * or restore; these are digit and calendar arithmetic, and {@code InstantTextTest} proves they agree
 * with the dictionary's formatter.
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
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw new IllegalArgumentException("not a DATETIME: " + new String(text, StandardCharsets.US_ASCII));
        }
        return (epochDay(year, month, day) * 86_400L + digits(text, 11, 13) * 3600L + digits(text, 14, 16) * 60L + digits(text, 17, 19))
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
        long seconds = Math.floorDiv(epochMillis, 1000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // The civil date of a day count (Howard Hinnant's algorithm, on 400-year eras of 146,097 days).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097L);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return null;
        }
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        put(c, 0, 4, (int) year);
        put(c, 5, 2, month);
        put(c, 8, 2, day);
        put(c, 11, 2, secondOfDay / 3600);
        put(c, 14, 2, secondOfDay / 60 % 60);
        put(c, 17, 2, secondOfDay % 60);
        return new String(c);
    }

    /** Days since 1970-01-01 of a civil date (the inverse of the algorithm in {@link #iso}). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        int yearOfEra = (int) (y - era * 400);
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
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
