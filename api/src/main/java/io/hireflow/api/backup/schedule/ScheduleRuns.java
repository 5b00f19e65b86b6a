package io.hireflow.api.backup.schedule;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.DateTimes;
import io.hireflow.api.database.DuplicateKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code backup_schedule_runs} table: who ran which tick, and how it ended. Start and end are the
 * database's clock ({@code NOW(3)}), like the leases: one clock for every replica, and milliseconds kept.
 */
@ApplicationScoped
class ScheduleRuns {

    /** Runs kept; older ones are deleted after each run (a nightly schedule keeps about three months). */
    static final int KEEP = 100;
    private static final int MESSAGE_LENGTH = 1000;

    private final AgroalDataSource dataSource;

    ScheduleRuns(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records that {@code replica} runs {@code tick}; false when a row for the tick exists already (another
     * replica, or this one, ran it): the primary key on the tick is what makes a tick run once.
     */
    boolean claim(Instant tick, String replica) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO backup_schedule_runs "
                        + "(tick, replica, started_at, outcome) VALUES (?, ?, NOW(3), ?)")) {
            DateTimes.bind(insert, 1, tick);
            insert.setString(2, replica);
            insert.setString(3, ScheduleRun.RUNNING);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DuplicateKey.in(e)) {
                return false;
            }
            throw e;
        }
    }

    void finish(Instant tick, String outcome, String setId, String message) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE backup_schedule_runs SET finished_at = NOW(3), "
                        + "outcome = ?, set_id = ?, message = ? WHERE tick = ?")) {
            update.setString(1, outcome);
            update.setString(2, setId);
            update.setString(3, message == null ? null : message.substring(0, Math.min(MESSAGE_LENGTH,
                    message.length())));
            DateTimes.bind(update, 4, tick);
            update.executeUpdate();
        }
    }

    /** The run of the newest tick, whichever replica ran it. */
    Optional<ScheduleRun> last() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT tick, started_at, finished_at, outcome, "
                        + "set_id, message, replica FROM backup_schedule_runs ORDER BY tick DESC LIMIT 1");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new ScheduleRun(instant(rs, 1), instant(rs, 2), instant(rs, 3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7)));
        }
    }

    /** Deletes all but the newest {@link #KEEP} runs. */
    void prune() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Instant oldestKept;
            // MySQL refuses a DELETE whose subquery reads the same table, so the boundary is read first.
            try (PreparedStatement select = c.prepareStatement("SELECT tick FROM backup_schedule_runs "
                    + "ORDER BY tick DESC LIMIT 1 OFFSET " + (KEEP - 1));
                    ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                oldestKept = rs.getTimestamp(1).toInstant();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM backup_schedule_runs WHERE tick < ?")) {
                DateTimes.bind(delete, 1, oldestKept);
                delete.executeUpdate();
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
