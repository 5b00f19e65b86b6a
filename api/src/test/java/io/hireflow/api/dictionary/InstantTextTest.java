package io.hireflow.api.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written instant conversions agree with the dictionary's formatter everywhere. */
class InstantTextTest {

    @Test
    void agreesWithTheDictionaryFormatterOnAMillionRandomSecondsAndTheEdges() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            check(i < 2 ? (i == 0 ? min : max) : random.nextLong(min, max + 1));
        }
    }

    private static void check(long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        String canonical = Column.format(instant);
        assertEquals(canonical, InstantText.iso(instant.toEpochMilli()));
        assertEquals(instant.toEpochMilli(), InstantText.epochMillis(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesWhatHasNoCanonicalText() {
        assertNull(InstantText.iso(Instant.parse("2021-07-27T16:02:08.500Z").toEpochMilli()));
        assertNull(InstantText.iso(Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli()));
        assertNull(InstantText.iso(Instant.parse("-0001-12-31T23:59:59Z").toEpochMilli()));
        for (String bad : new String[] { "2021-07-2x 16:02:08", "2021-02-29 00:00:00", "1900-02-29 00:00:00",
                "2021-04-31 00:00:00", "2021-13-01 00:00:00", "2021-00-10 00:00:00", "2021-01-00 00:00:00",
                "2021-01-01" }) {
            assertThrows(IllegalArgumentException.class,
                    () -> InstantText.epochMillis(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }

    @Test
    void knowsLeapDays() {
        for (String leap : new String[] { "2020-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "0000-02-29T23:59:59Z" }) {
            assertEquals(Instant.parse(leap).toEpochMilli(),
                    InstantText.epochMillis(leap.getBytes(StandardCharsets.US_ASCII)), leap);
            assertEquals(leap, InstantText.iso(Instant.parse(leap).toEpochMilli()));
        }
    }
}
