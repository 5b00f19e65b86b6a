package io.hireflow.api.database;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Serialises writers of a table through MySQL named locks, so that a restore, a history load and
 * a batch never interleave on the same table, whichever API replica runs them.
 *
 * <p>Locks are taken in dictionary order (parents first) so two writers cannot deadlock, and
 * belong to the connection: hold the returned handle for as long as that connection is used.
 */
@ApplicationScoped
public class TableLocks {

    private final int timeoutSeconds;

    TableLocks(HireflowConfig config) {
        this.timeoutSeconds = config.lockTimeoutSeconds();
    }

    /** Locks the given tables on this connection, or answers 503 with Retry-After when they stay busy. */
    public Held acquire(Connection connection, Collection<Table> tables) throws SQLException {
        List<String> held = new ArrayList<>();
        try {
            for (Table table : new TreeSet<>(tables)) {
                String name = lockName(table);
                try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    lock.setString(1, name);
                    lock.setInt(2, timeoutSeconds);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != 1) {
                            throw ProblemException.busy(table + " is being written by another operation "
                                    + "(a restore or a history load); retry shortly", timeoutSeconds);
                        }
                    }
                }
                held.add(name);
            }
            return new Held(connection, held);
        } catch (SQLException | RuntimeException e) {
            release(connection, held);
            throw e;
        }
    }

    public Held acquire(Connection connection, Table table) throws SQLException {
        return acquire(connection, List.of(table));
    }

    static String lockName(Table table) {
        return "hireflow.table." + table.tableName();
    }

    private static void release(Connection connection, List<String> names) {
        for (String name : names) {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                unlock.setString(1, name);
                unlock.execute();
            } catch (SQLException ignored) {
                // A broken connection drops its named locks with it.
            }
        }
    }

    /** Named locks held on one connection; closing releases them. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final List<String> names;

        private Held(Connection connection, List<String> names) {
            this.connection = connection;
            this.names = names;
        }

        @Override
        public void close() {
            release(connection, names);
        }
    }
}
