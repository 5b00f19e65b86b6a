package io.hireflow.api.database;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a unit of work as one transaction on a pooled connection, and runs the whole of it again,
 * a bounded number of times with backoff, when the database reports a {@link TransientFailure}.
 * Never retries a part of a transaction: a failed attempt is rolled back (or died with its
 * connection) before the next one starts. When the attempts are used up the caller gets a 503
 * with Retry-After whose detail names the real cause.
 */
@ApplicationScoped
public class Transactions {

    /** The work of one attempt; it must not commit or roll back itself. */
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * What is being written and how the caller may resend it, for the problem answer.
     *
     * @param what e.g. "the batch"
     * @param resend how to send it again safely, e.g. "with the same Idempotency-Key"
     * @param commitRepeatable true when running the work again after a COMMIT whose outcome is unknown
     *        (the connection died during it) cannot write twice, e.g. an idempotency key makes it a replay
     */
    public record Purpose(String what, String resend, boolean commitRepeatable) {
    }

    private final AgroalDataSource dataSource;
    private final HireflowConfig.Transactions config;
    private final MeterRegistry metrics;

    Transactions(AgroalDataSource dataSource, HireflowConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.config = config.transactions();
        this.metrics = metrics;
    }

    /** Runs {@code work} in one transaction at the given isolation level, retrying it whole on transient failures. */
    public <T> T run(Purpose purpose, int isolation, Work<T> work) throws SQLException {
        int attempts = Math.max(1, config.attempts());
        for (int attempt = 1;; attempt++) {
            boolean committing = false;
            try (Connection connection = dataSource.getConnection()) {
                int isolationBefore = connection.getTransactionIsolation();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(false);
                try {
                    T result = work.apply(connection);
                    committing = true;
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    if (!committing) {
                        rollbackQuietly(connection);
                    }
                    throw e;
                } finally {
                    restoreQuietly(connection, isolationBefore);
                }
            } catch (SQLException | RuntimeException e) {
                Optional<TransientFailure> failure = TransientFailure.of(e);
                if (failure.isEmpty()) {
                    throw e;
                }
                TransientFailure transient_ = failure.get();
                if (committing && transient_.connectionLost() && !purpose.commitRepeatable()) {
                    throw new TryAgainException("commit-outcome-unknown", "Outcome unknown",
                            "The connection to the database was lost while committing " + purpose.what() + ", so it "
                                    + "may or may not be stored. Send it again " + purpose.resend() + ".",
                            config.retryAfterSeconds()).with("cause", transient_.kind());
                }
                metrics.counter("hireflow.transactions.failed", "kind", transient_.kind()).increment();
                if (attempt >= attempts) {
                    Log.warnf("Giving up on %s after %d attempts: %s (%s)", purpose.what(), attempts,
                            transient_.cause(), e.getMessage());
                    throw new TryAgainException("transient-database-failure", "Database busy, try again",
                            "Nothing of " + purpose.what() + " was written: " + transient_.cause() + ", on each of "
                                    + attempts + " attempts. This is temporary; send it again " + purpose.resend()
                                    + " after the Retry-After delay.", config.retryAfterSeconds())
                            .with("cause", transient_.kind())
                            .with("attempts", attempts);
                }
                metrics.counter("hireflow.transactions.retried", "kind", transient_.kind()).increment();
                Log.infof("Retrying %s (attempt %d of %d): %s", purpose.what(), attempt + 1, attempts,
                        transient_.cause());
                backOff(attempt);
            }
        }
    }

    /** Doubles the first backoff for each attempt, with full jitter so that two losers of a deadlock part ways. */
    private void backOff(int attempt) {
        long ceiling = (long) config.firstBackoffMillis() << Math.min(attempt - 1, 10);
        try {
            Thread.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a transaction", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // A dead connection has rolled back with the server's end of it.
        }
    }

    private static void restoreQuietly(Connection connection, int isolation) {
        try {
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(isolation);
        } catch (SQLException ignored) {
            // A broken connection is discarded by the pool.
        }
    }
}
