package io.hireflow.api.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcStatement;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.backup.BackupWriter;
import io.hireflow.api.backup.Codecs;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HeapPeak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Backup and restore of 1M employees against {@code mariadb-dump --single-transaction} and its
 * replay with the {@code mariadb} client, on the same embedded database in one run. Not a unit test:
 * {@code ./mvnw -B test -pl client,api -Pbench -Dtest=BackupRestoreBenchmark}.
 * Writes its figures to {@code api/target/bench/backup.md} (or {@code -Dbench.out=...}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BackupRestoreBenchmark {

    static final int EMPLOYEES = Integer.getInteger("bench.rows", 1_000_000);
    static final int DEPARTMENTS = 100;
    static final int JOBS = 50;
    static final String[] FIRST = { "Ada", "Bo", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun",
            "Kai", "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Rui", "Sara", "Tom", "Uma", "Vik", "Wen", "Yara" };
    static final String[] LAST = { "Smith", "García", "Okafor", "Nguyen", "Müller", "Rossi", "Kowalski", "Silva",
            "Tanaka", "Haddad", "O'Brien", "Johansson", "Dubois", "Novak", "Kim", "Patel" };

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private final List<String> report = new ArrayList<>();

    @Test
    void backupAndRestoreOneMillionEmployees() throws Exception {
        line("Load average at start: %s (other processes compete for the 2 cores: compare rows in the same run only).",
                loadAverage());
        db.clear();
        db.seedDepartmentsAndJobs(DEPARTMENTS, JOBS);
        double seedSeconds = time(this::generateEmployees);
        assertEquals(EMPLOYEES, db.count("employees"));
        line("Generated %,d employees in %.1f s (deterministic generator, LOAD DATA LOCAL).", EMPLOYEES, seedSeconds);

        // Warm-up: the JIT and the buffer pool, as a long-running API would have them.
        backup();
        given().contentType(ContentType.JSON).body("{\"backup\":\"latest\"}").when().post("/tables/employees/restore")
                .then().statusCode(200);

        List<String> rows = new ArrayList<>();
        rows.add("| step | seconds | rows/s | file | peak heap used |");
        rows.add("|---|---|---|---|---|");
        for (int run = 1; run <= 3; run++) {
            HeapPeak heap = HeapPeak.begin();
            long t0 = System.nanoTime();
            ExtractableResponse<Response> backup = backup();
            double s = (System.nanoTime() - t0) / 1e9;
            rows.add(row("API backup, zstandard (run " + run + ")", s, backup.<Integer>path("bytes"), heap.end()));
        }
        String digestBefore = digest();
        db.update("DELETE FROM employees WHERE employee_id % 10 = 0");
        line("Purge of the 100k deleted rows waited for: %.1f s (InnoDB cleans them up in the background, "
                + "which would slow whatever runs next).", time(this::waitForPurge));
        for (int run = 1; run <= 3; run++) {
            HeapPeak heap = HeapPeak.begin();
            long t0 = System.nanoTime();
            ExtractableResponse<Response> restored = given().contentType(ContentType.JSON).body("{\"backup\":\"latest\"}")
                    .when().post("/tables/employees/restore").then().statusCode(200).extract();
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(Boolean.TRUE, restored.path("digestMatches"));
            rows.add(row("API restore (run " + run + ")", s, null, heap.end()));
        }
        assertEquals(digestBefore, digest());

        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target/bench")), "backup-work-");
        for (String codec : List.of("null", "snappy", "zstandard", "zstandard-1", "deflate")) {
            Path file = work.resolve(codec + ".avro");
            HeapPeak heap = HeapPeak.begin();
            long t0 = System.nanoTime();
            BackupWriter.Written written = writeWith(codec, file);
            double s = (System.nanoTime() - t0) / 1e9;
            rows.add(row("stream to Avro, codec " + codec, s, written.bytes(), heap.end()));
            Files.delete(file);
        }

        Path bin = Path.of(System.getProperty("java.io.tmpdir"), "hireflow-mariadb-" + ProcessHandle.current().pid(),
                "server", "bin");
        if (Files.isExecutable(bin.resolve("mariadb-dump"))) {
            Path dump = work.resolve("employees.sql");
            for (int run = 1; run <= 3; run++) {
                long t0 = System.nanoTime();
                run(List.of(bin.resolve("mariadb-dump").toString(), "--skip-ssl", "-h127.0.0.1", "-P" + port(),
                        "-uroot", "--single-transaction", database(), "employees"), null, dump);
                double s = (System.nanoTime() - t0) / 1e9;
                rows.add(row("`mariadb-dump --single-transaction` (run " + run + ")", s, Files.size(dump), null));
            }
            for (int run = 1; run <= 3; run++) {
                long t0 = System.nanoTime();
                run(List.of(bin.resolve("mariadb").toString(), "--skip-ssl", "-h127.0.0.1", "-P" + port(), "-uroot",
                        database()), dump, null);
                double s = (System.nanoTime() - t0) / 1e9;
                rows.add(row("replay dump with `mariadb` (run " + run + ")", s, null, null));
            }
            assertEquals(digestBefore, digest());
            Files.delete(dump);

            // The floor of any restore: the server's own bulk load of the same rows, with no checks and no digest.
            Path tsv = work.resolve("employees.tsv");
            exportTsv(tsv);
            long t0 = System.nanoTime();
            run(List.of(bin.resolve("mariadb").toString(), "--skip-ssl", "-h127.0.0.1", "-P" + port(), "-uroot",
                    "--local-infile=1", database(), "-e", "CREATE TABLE employees_floor LIKE employees; "
                            + "SET unique_checks = 0, foreign_key_checks = 0; LOAD DATA LOCAL INFILE '" + tsv
                            + "' INTO TABLE employees_floor CHARACTER SET utf8mb4; DROP TABLE employees_floor"),
                    null, null);
            double s = (System.nanoTime() - t0) / 1e9;
            rows.add(row("`LOAD DATA` of the same rows as TSV by `mariadb` (bulk, no checks: a restore's floor)", s,
                    null, null));
            Files.delete(tsv);
        } else {
            line("mariadb-dump not found under %s (external database?): dump comparison skipped.", bin);
        }
        Files.delete(work);

        report.addAll(rows);
        line("");
        line("Load average at end: %s.", loadAverage());
        write();
    }

    private ExtractableResponse<Response> backup() {
        return given().when().post("/tables/employees/backups").then().statusCode(201).extract();
    }

    private BackupWriter.Written writeWith(String codec, Path file) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection();
                Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = select.executeQuery(TableRows.selectInIdOrder(Table.EMPLOYEES))) {
                return new BackupWriter(Table.EMPLOYEES, Codecs.parse(codec)).write(rs, file, EMPLOYEES, "bench", null,
                        Instant.now(), "bench");
            }
        }
    }

    private String digest() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return io.hireflow.api.backup.ContentDigest.ofTable(connection, Table.EMPLOYEES);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic rows: the same million on every run and every machine. */
    private void generateEmployees() {
        try (Connection connection = dataSource.getConnection(); Statement load = connection.createStatement()) {
            load.unwrap(JdbcStatement.class).setLocalInfileInputStream(new SequenceInputStream(new Enumeration<>() {
                int next = 1;

                @Override
                public boolean hasMoreElements() {
                    return next <= EMPLOYEES;
                }

                @Override
                public InputStream nextElement() {
                    StringBuilder chunk = new StringBuilder(1 << 20);
                    for (int end = Math.min(EMPLOYEES, next + 20_000 - 1); next <= end; next++) {
                        long seed = next * 2_654_435_761L;
                        LocalDateTime hired = LocalDateTime.ofEpochSecond(1_420_070_400L + Math.floorMod(seed, 315_360_000L),
                                0, ZoneOffset.UTC);
                        chunk.append(next).append('\t').append(FIRST[next % FIRST.length]).append(' ')
                                .append(LAST[(next / 7) % LAST.length]).append('\t')
                                .append(hired.toString().replace('T', ' ')).append(hired.getSecond() == 0 ? ":00" : "")
                                .append('\t').append(1 + Math.floorMod(seed >> 8, DEPARTMENTS)).append('\t')
                                .append(1 + Math.floorMod(seed >> 16, JOBS)).append('\n');
                    }
                    return new ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8));
                }
            }));
            load.execute("LOAD DATA LOCAL INFILE 'generated.tsv' INTO TABLE employees CHARACTER SET utf8mb4 "
                    + "(employee_id, employee_name, hiring_date, department_id, job_id)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The employees as the tab-separated text LOAD DATA reads (the generated names need no escaping). */
    private void exportTsv(Path file) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection();
                Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                var out = Files.newBufferedWriter(file)) {
            select.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = select.executeQuery(TableRows.selectInIdOrder(Table.EMPLOYEES))) {
                while (rs.next()) {
                    for (int i = 1; i <= 5; i++) {
                        out.write(rs.getString(i));
                        out.write(i < 5 ? '\t' : '\n');
                    }
                }
            }
        }
    }

    /** Waits until InnoDB has purged every committed change (its history list is empty), at most 60 s. */
    private void waitForPurge() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 600; i++) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT FROM information_schema.INNODB_METRICS "
                        + "WHERE NAME = 'trx_rseg_history_len'")) {
                    if (!rs.next() || rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String port() {
        return jdbcUrl.replaceAll(".*://[^:/]+:(\\d+)/.*", "$1");
    }

    private String database() {
        return jdbcUrl.replaceAll(".*://[^/]+/([^?]+).*", "$1");
    }

    private static void run(List<String> command, Path stdin, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        if (stdout != null) {
            builder.redirectOutput(stdout.toFile());
        }
        Process process = builder.start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    private String row(String step, double seconds, Number bytes, Long heap) {
        return String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %s | %s |", step, seconds, EMPLOYEES / seconds,
                bytes == null ? "" : String.format(Locale.ROOT, "%.1f MB", bytes.longValue() / 1e6),
                heap == null ? "" : String.format(Locale.ROOT, "%d MB", heap / 1_000_000));
    }

    private void line(String format, Object... args) {
        report.add(String.format(Locale.ROOT, format, args));
    }

    private void write() throws IOException {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder md = new StringBuilder("# Backup and restore benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %d cores, JVM max heap %d MB (%s), embedded MariaDB 11.4.%n%n",
                Instant.now().toString().substring(0, 16) + "Z", runtime.availableProcessors(),
                runtime.maxMemory() / 1_000_000, ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xmx")).findFirst().orElse("no -Xmx")));
        md.append("Rerun: `./mvnw -B test -pl client,api -Pbench -Dtest=BackupRestoreBenchmark`\n\n");
        report.forEach(l -> md.append(l).append('\n'));
        md.append("\nThe API rows are end to end over HTTP (backup: snapshot, count, stream, fsync, checksum sidecars; "
                + "restore: checksum, schema resolution, every row checked, staging load, RENAME swap, digest check). "
                + "Heap is the peak of used heap sampled every 10 ms, including whatever garbage was not collected yet.\n");
        Path out = Path.of(System.getProperty("bench.out", "target/bench/backup.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
        assertTrue(Files.size(out) > 0);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double time(Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

}
