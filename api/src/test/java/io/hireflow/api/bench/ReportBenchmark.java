package io.hireflow.api.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.report.ReportQueries;
import io.hireflow.api.report.ReportYear;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Both reports and the render of all deliverables on 1M employees in the embedded MariaDB. Every employee is
 * hired in 2021, the worst case for one year's report: the whole table is aggregated. Rows are generated here,
 * deterministically (fixed seed), and bulk-loaded with LOAD DATA LOCAL INFILE. Not part of the default suite:
 * {@code ./mvnw -B test -pl client,api -Pbench -Dtest=ReportBenchmark}. Results go to api/target/bench/report.md
 * (or {@code -Dbench.out=...}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBenchmark {

    static final int EMPLOYEES = 1_000_000;
    static final int DEPARTMENTS = 40;
    static final int JOBS = 180;
    static final int RUNS = 7;

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportQueries queries;

    @Inject
    ObjectMapper json;

    final List<String> lines = new ArrayList<>();
    double loadSeconds;

    @BeforeAll
    void load() throws Exception {
        db.clear();
        StringBuilder departments = new StringBuilder("INSERT INTO departments VALUES ");
        for (int i = 1; i <= DEPARTMENTS; i++) {
            departments.append(i > 1 ? "," : "").append('(').append(i).append(",'Department ")
                    .append(String.format("%02d", i)).append("')");
        }
        db.update(departments.toString());
        StringBuilder jobs = new StringBuilder("INSERT INTO jobs VALUES ");
        for (int i = 1; i <= JOBS; i++) {
            jobs.append(i > 1 ? "," : "").append('(').append(i).append(",'Job ").append(i).append("')");
        }
        db.update(jobs.toString());

        Path tsv = Path.of("target", "bench-employees.tsv").toAbsolutePath();
        Files.createDirectories(tsv.getParent());
        SplittableRandom random = new SplittableRandom(20210101L);
        DateTimeFormatter sql = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2021, 1, 1, 0, 0);
        int secondsInYear = 365 * 24 * 3600;
        try (BufferedWriter out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            for (int id = 1; id <= EMPLOYEES; id++) {
                // Skewed departments (some hire far more) so the mean splits them.
                int department = 1 + (int) (DEPARTMENTS * Math.pow(random.nextDouble(), 1.6));
                out.write(id + "\tEmployee " + id + "\t" + start.plusSeconds(random.nextInt(secondsInYear)).format(sql)
                        + "\t" + department + "\t" + (1 + random.nextInt(JOBS)) + "\n");
            }
        }
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("LOAD DATA LOCAL INFILE '" + tsv.toString().replace("\\", "/") + "' INTO TABLE employees"
                    + " FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'"
                    + " (employee_id, employee_name, hiring_date, department_id, job_id)");
            s.execute("ANALYZE TABLE employees");
        }
        loadSeconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(tsv);
        assertEquals(EMPLOYEES, db.count("employees"));
    }

    @Test
    void reportsAndRenderOnAMillionEmployees() throws Exception {
        ReportYear year = new ReportYear(2021);
        double[] hiresSql = time(() -> queries.hiresByQuarter(year));
        double[] aboveSql = time(() -> queries.departmentsAboveMean(year));
        var report = queries.hiresByQuarter(year);
        double[] hiresJson = time(() -> json.writeValueAsBytes(report));
        double[] hires = time(() -> given().when().get("/reports/hires-by-quarter?year=2021").then().statusCode(200)
                .extract().asByteArray());
        double[] hiresCsv = time(() -> given().accept("text/csv").when().get("/reports/hires-by-quarter?year=2021")
                .then().statusCode(200).extract().asByteArray());
        double[] above = time(() -> given().when().get("/reports/departments-above-mean?year=2021").then()
                .statusCode(200).extract().asByteArray());
        double[] render = time(() -> given().when().post("/reports/render?year=2021").then().statusCode(201)
                .extract().asByteArray());
        int rows = given().when().get("/reports/hires-by-quarter?year=2021").then().extract().path("rowCount");
        int aboveRows = given().when().get("/reports/departments-above-mean?year=2021").then().extract()
                .path("rowCount");

        lines.add("# Report benchmark");
        lines.add("");
        lines.add("Measured " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " on "
                + Runtime.getRuntime().availableProcessors() + " cores (load average " + loadAverage() + " from other builds sharing the machine), "
                + databaseVersion() + " (" + url() + ").");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Data: %,d employees, all hired in 2021 (the worst case: the whole "
                + "table is in the year), %d departments (skewed), %d jobs, generated with a fixed seed and loaded "
                + "with LOAD DATA LOCAL INFILE + ANALYZE in %.1f s.", EMPLOYEES, DEPARTMENTS, JOBS, loadSeconds));
        lines.add("");
        lines.add("Rerun: `./mvnw -B test -pl client,api -Pbench -Dtest=ReportBenchmark` (add "
                + "`-Dbench.out=<file>` to write elsewhere).");
        lines.add("");
        lines.add("Rows marked \"alone\" are timed inside the API's JVM; the others over HTTP (query + JSON/CSV + "
                + "transfer). " + RUNS + " runs each after one warm-up. The machine is shared: compare medians, "
                + "and rerun when the load average is high.");
        lines.add("");
        lines.add("| operation | rows out | median s | max s | target |");
        lines.add("|---|---|---|---|---|");
        row("hires-by-quarter: the SQL alone (ReportQueries, in the JVM)", rows, hiresSql, "");
        row("hires-by-quarter: JSON serialisation alone (Jackson)", rows, hiresJson, "");
        row("departments-above-mean: the SQL alone", aboveRows, aboveSql, "");
        row("GET /reports/hires-by-quarter?year=2021 (JSON)", rows, hires, "< 1 s");
        row("GET /reports/hires-by-quarter?year=2021 (CSV)", rows, hiresCsv, "< 1 s");
        row("GET /reports/departments-above-mean?year=2021", aboveRows, above, "< 1 s");
        row("POST /reports/render?year=2021 (2 CSV, 2 PNG, 2 SVG, index.html)", 7, render, "< 5 s");
        lines.add("");
        lines.add("Query plans (EXPLAIN):");
        lines.add("");
        explain("hires-by-quarter", ReportQueriesAccess.hiresByQuarter(), 2);
        explain("departments-above-mean", ReportQueriesAccess.departmentsAboveMean(), 2);

        Path out = Path.of(System.getProperty("bench.out", "target/bench/report.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println(String.join("\n", lines));

        assertTrue(median(hires) < 1.0, "hires-by-quarter median under 1 s");
        assertTrue(median(above) < 1.0, "departments-above-mean median under 1 s");
        assertTrue(median(render) < 5.0, "render median under 5 s");
    }

    @AfterAll
    void clean() {
        db.update("TRUNCATE TABLE employees");
        db.clear();
    }

    private void row(String what, int rows, double[] seconds, String target) {
        lines.add(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %s |", what, rows, median(seconds),
                Arrays.stream(seconds).max().orElse(0), target));
    }

    private void explain(String name, String sql, int parameters) throws Exception {
        lines.add("`" + name + "`:");
        lines.add("");
        lines.add("```");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            LocalDateTime start = LocalDateTime.of(2021, 1, 1, 0, 0);
            for (int i = 1; i <= parameters; i++) {
                ps.setObject(i, i == parameters ? start.plusYears(1) : start);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> header = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    header.add(meta.getColumnLabel(i));
                }
                lines.add(String.join(" | ", header));
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.add(String.valueOf(rs.getString(i)));
                    }
                    lines.add(String.join(" | ", values));
                }
            }
        }
        lines.add("```");
        lines.add("");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private String databaseVersion() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        }
    }

    private String url() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL().replaceAll("\\?.*", "");
        }
    }

    private static double[] time(ThrowingRunnable action) throws Exception {
        action.run();
        double[] seconds = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            action.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The report SQL, read from the package-private constants so the plans shown are the real queries. */
    static final class ReportQueriesAccess {
        static String hiresByQuarter() throws Exception {
            return constant("HIRES_BY_QUARTER");
        }

        static String departmentsAboveMean() throws Exception {
            return constant("DEPARTMENTS_ABOVE_MEAN");
        }

        private static String constant(String name) throws Exception {
            java.lang.reflect.Field field = ReportQueries.class.getDeclaredField(name);
            field.setAccessible(true);
            return (String) field.get(null);
        }
    }
}
