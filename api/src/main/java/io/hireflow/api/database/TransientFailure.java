package io.hireflow.api.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * A database failure that says nothing about the request itself and goes away when the whole
 * transaction is run again: a deadlock, a lock wait timeout, a serialisation or Galera
 * certification failure, a node not ready, a lost connection.
 *
 * @param kind a short name for metrics and logs, e.g. {@code deadlock}
 * @param cause the failure in words, for the problem answer
 * @param connectionLost true when the connection died: a COMMIT in flight may or may not have happened
 */
public record TransientFailure(String kind, String cause, boolean connectionLost) {

    /** MariaDB/MySQL error codes; Galera reports a certification conflict as a deadlock (1213). */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;
    private static final int WSREP_NOT_READY = 1047;
    private static final int LOCK_ABORTED = 1689;
    private static final int QUERY_INTERRUPTED_BY_SERVER_SHUTDOWN = 1053;

    /** The transient failure behind {@code e}, looking through its causes, or empty for a real error. */
    public static Optional<TransientFailure> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Optional<TransientFailure> found = one(t);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<TransientFailure> one(Throwable t) {
        // Connector/J closes a connection whose socket died (a node or proxy killed under it, or the pool
        // aborting it); the statement then fails with "No operations allowed after statement closed" and no
        // 08 state: that is the same lost connection, not an error of the request.
        String name = t.getClass().getName();
        if (t instanceof SQLTransientConnectionException || name.endsWith("CommunicationsException")
                || name.endsWith("StatementIsClosedException") || name.endsWith("ConnectionIsClosedException")
                || t instanceof java.net.SocketException) {
            return Optional.of(lost());
        }
        if (!(t instanceof SQLException sql)) {
            return Optional.empty();
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        // Error codes first: Galera's 1047 comes with the connection state 08S01 but the connection is fine.
        return Optional.ofNullable(switch (sql.getErrorCode()) {
            case DEADLOCK -> new TransientFailure("deadlock", "the database reported a deadlock (or, on a Galera "
                    + "cluster, a certification conflict) between this request and another transaction", false);
            case LOCK_WAIT_TIMEOUT -> new TransientFailure("lock-wait-timeout", "the database gave up waiting for "
                    + "a row lock held by another transaction (lock wait timeout)", false);
            case WSREP_NOT_READY -> new TransientFailure("node-not-ready", "the database node is not ready to "
                    + "take writes (WSREP has not yet prepared the node: it is joining or left its cluster)", false);
            case LOCK_ABORTED -> new TransientFailure("lock-aborted", "the database aborted a lock wait of this "
                    + "request", false);
            case QUERY_INTERRUPTED_BY_SERVER_SHUTDOWN -> lost();
            default -> state.startsWith("08") ? lost() : state.equals("40001") ? new TransientFailure("serialization",
                    "the database could not serialise this transaction with a concurrent one", false) : null;
        });
    }

    private static TransientFailure lost() {
        return new TransientFailure("connection-lost", "the connection to the database was lost", true);
    }
}
