package io.hireflow.api.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Binds instants to {@code DATETIME(3)} parameters as their UTC text. Connector/J drops the fraction of a
 * {@code Timestamp} for a server that announces itself as 5.5.5 (MariaDB before 11, Debian 12's 10.11), so
 * the milliseconds of a reject's time or of a load's start were lost there; text keeps them on every server.
 */
public final class DateTimes {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private DateTimes() {
    }

    public static void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setString(index, text(instant));
    }

    /** The {@code DATETIME(3)} text of an instant in UTC, e.g. {@code 2026-12-07 16:00:00.123}; also for LOAD DATA. */
    public static String text(Instant instant) {
        return TEXT.format(instant);
    }
}
