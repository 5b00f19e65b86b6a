package io.hireflow.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * SQL work run on another thread with a pooled connection of its own, beside what the caller's
 * connection is doing; {@link #join} gives back its SQLException as it was thrown.
 */
public final class OwnConnection {

    /** Work on one connection. */
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private OwnConnection() {
    }

    public static <T> CompletableFuture<T> start(DataSource dataSource, Executor executor, Work<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** Waits for the work's result; its SQLException is thrown as such. */
    public static <T> T join(CompletableFuture<T> future) throws SQLException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }
}
