package io.hireflow.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read-only transaction on one consistent snapshot: rows committed meanwhile are invisible to every read in
 * it, so several tables read in it come from the same instant and a count matches the rows streamed after it.
 */
public final class Snapshots {

    private Snapshots() {
    }

    public static void begin(Connection connection) throws SQLException {
        try (Statement begin = connection.createStatement()) {
            begin.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            begin.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    public static void end(Connection connection) throws SQLException {
        try (Statement end = connection.createStatement()) {
            end.execute("COMMIT");
        }
    }
}
