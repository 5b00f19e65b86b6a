package io.hireflow.api.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.exceptions.ConnectionIsClosedException;
import com.mysql.cj.exceptions.StatementIsClosedException;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which database failures are worth running the whole transaction again, and what they are called. */
class TransientFailureTest {

    @Test
    void namesTheRetryableFailures() {
        assertEquals("deadlock", kind(new SQLException("Deadlock found", "40001", 1213)));
        assertEquals("lock-wait-timeout", kind(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertEquals("node-not-ready", kind(new SQLException("WSREP has not yet prepared node", "08S01", 1047)));
        assertEquals("connection-lost", kind(new SQLException("Communications link failure", "08S01", 0)));
        assertEquals("connection-lost", kind(new SQLTransientConnectionException("pool")));
        assertEquals("serialization", kind(new SQLException("serialization failure", "40001", 0)));
        assertEquals("deadlock", kind(new IllegalStateException("wrapped", new SQLException("x", "40001", 1213))));
        assertTrue(TransientFailure.of(new SQLException("x", "08S01", 0)).orElseThrow().connectionLost());
    }

    @Test
    void aStatementClosedUnderItByADeadConnectionIsALostConnection() {
        // What Connector/J throws for a batch on a connection it closed when the socket died (the writer node or
        // the proxy killed under a batch, seen on the cluster): no 08 state, only the closed statement as cause.
        SQLException statement = SQLExceptionsMapping.translateException(
                new StatementIsClosedException("No operations allowed after statement closed."), null);
        assertEquals("S1009", statement.getSQLState(), "not a connection state: the class is what tells");
        assertEquals("connection-lost", kind(statement));
        assertTrue(TransientFailure.of(statement).orElseThrow().connectionLost());
        assertEquals("connection-lost",
                kind(SQLExceptionsMapping.translateException(new ConnectionIsClosedException(), null)));
    }

    @Test
    void leavesRealErrorsAlone() {
        assertTrue(TransientFailure.of(new SQLIntegrityConstraintViolationException("Duplicate", "23000", 1062))
                .isEmpty());
        assertTrue(TransientFailure.of(new SQLException("Unknown column", "42S22", 1054)).isEmpty());
        assertTrue(TransientFailure.of(new IllegalStateException("no SQL here")).isEmpty());
    }

    private static String kind(Exception e) {
        return TransientFailure.of(e).orElseThrow().kind();
    }
}
