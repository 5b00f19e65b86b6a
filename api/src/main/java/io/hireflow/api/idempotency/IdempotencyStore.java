package io.hireflow.api.idempotency;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.DateTimes;
import io.hireflow.api.failure.UnusableContentException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of {@code idempotency_keys}, always on the caller's connection inside the caller's
 * transaction: a key, its answer and the rows it wrote commit together or not at all.
 *
 * <p>The key is the table's primary key, which gives the concurrency rule for free: a second request
 * with a key whose first request is still in flight blocks on the first one's uncommitted row, then
 * replays its answer once it commits (or takes the key over if it rolled back).
 */
@ApplicationScoped
public class IdempotencyStore {

    private final Duration keep;

    IdempotencyStore(HireflowConfig config) {
        this.keep = config.idempotency().keep();
    }

    /**
     * Claims the key for this request, or returns the first answer given for it.
     *
     * @return empty when this request is the first with the key (go on, then {@link #complete}); else the
     *         stored answer to replay, writing nothing
     * @throws UnusableContentException when the key was used for a request with another fingerprint
     */
    public Optional<StoredAnswer> claim(Connection connection, IdempotencyKey key, String fingerprint, String table)
            throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency_keys (idempotency_key, "
                + "fingerprint, table_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, key.value());
            insert.setString(2, fingerprint);
            insert.setString(3, table);
            DateTimes.bind(insert, 4, now);
            DateTimes.bind(insert, 5, now.plus(keep));
            insert.executeUpdate();
            return Optional.empty();
        } catch (SQLIntegrityConstraintViolationException taken) {
            return stored(connection, key, fingerprint, table, now);
        }
    }

    /** Records the answer of the request that claimed the key, in its transaction. */
    public void complete(Connection connection, IdempotencyKey key, int status, String json) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE idempotency_keys SET status = ?, answer = ? WHERE idempotency_key = ?")) {
            update.setInt(1, status);
            update.setString(2, json);
            update.setString(3, key.value());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("Idempotency key " + key.value() + " vanished from its own transaction");
            }
        }
    }

    /** Deletes up to {@code limit} expired keys (one short statement, few locks); returns how many. */
    public int purgeExpired(Connection connection, int limit) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM idempotency_keys WHERE expires_at < ? ORDER BY expires_at LIMIT ?")) {
            DateTimes.bind(delete, 1, Instant.now());
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    /** The committed row of a key another request holds (read with a lock, so it is the newest committed one). */
    private Optional<StoredAnswer> stored(Connection connection, IdempotencyKey key, String fingerprint, String table,
            Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint, status, answer, expires_at, "
                + "table_name FROM idempotency_keys WHERE idempotency_key = ? LOCK IN SHARE MODE")) {
            select.setString(1, key.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    // Purged between the insert and this read: a transient race, retried as a whole.
                    throw new SQLException("Idempotency key purged while being read", "40001");
                }
                if (rs.getTimestamp(4).toInstant().isBefore(now)) {
                    takeOver(connection, key, fingerprint, table, now);
                    return Optional.empty();
                }
                if (!rs.getString(1).equals(fingerprint)) {
                    throw new UnusableContentException("idempotency-key-reused", "Idempotency-Key reused",
                            "The Idempotency-Key '" + key.value() + "' was already used for a different request (other "
                                    + "table, options or body) and is kept until " + rs.getTimestamp(4).toInstant()
                                    + ". Use a new key for a new batch; resend a batch only with its own body. Nothing "
                                    + "was written.");
                }
                return Optional.of(new StoredAnswer(rs.getInt(2), rs.getString(3)));
            }
        }
    }

    /** An expired key used again starts over as a new request, as the draft standard says. */
    private void takeOver(Connection connection, IdempotencyKey key, String fingerprint, String table, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE idempotency_keys SET fingerprint = ?, "
                + "table_name = ?, status = NULL, answer = NULL, created_at = ?, expires_at = ? "
                + "WHERE idempotency_key = ?")) {
            update.setString(1, fingerprint);
            update.setString(2, table);
            DateTimes.bind(update, 3, now);
            DateTimes.bind(update, 4, now.plus(keep));
            update.setString(5, key.value());
            update.executeUpdate();
        }
    }
}
