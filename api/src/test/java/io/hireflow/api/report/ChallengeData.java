package io.hireflow.api.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The public challenge CSVs read in place from {@code ../shared/data/challenge} (never copied into the repo),
 * parsed with FastCSV, with rows that have an empty or unreadable field left out, as a history load would.
 */
final class ChallengeData {

    record Department(int id, String name) {
    }

    record Job(int id, String name) {
    }

    record Employee(int id, String name, Instant hired, int departmentId, int jobId) {
    }

    final List<Department> departments;
    final List<Job> jobs;
    final List<Employee> employees;

    private ChallengeData(Path dir) {
        departments = read(dir.resolve("history_departments.csv"), 2)
                .map(f -> new Department(Integer.parseInt(f.get(0)), f.get(1))).toList();
        jobs = read(dir.resolve("history_jobs.csv"), 2).map(f -> new Job(Integer.parseInt(f.get(0)), f.get(1)))
                .toList();
        employees = read(dir.resolve("history_employees.csv"), 5).map(ChallengeData::employee)
                .filter(e -> e != null).toList();
    }

    /** The data, or a skipped test (with the reason) when the shared folder is not there. */
    static ChallengeData loadOrSkip() {
        Path dir = locate();
        assumeTrue(dir != null, "Skipped: the challenge data folder ../shared/data/challenge was not found "
                + "(looked upwards from " + Path.of("").toAbsolutePath() + ")");
        return new ChallengeData(dir);
    }

    // Maven runs tests in api/, an IDE may run them in the project root: walk up until the folder turns up.
    private static Path locate() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("shared/data/challenge");
            if (Files.isRegularFile(candidate.resolve("history_employees.csv"))) {
                return candidate;
            }
        }
        return null;
    }

    /** Inserts every row straight into the tables (not through the history loader, built separately). */
    void insert(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO departments VALUES (?, ?)")) {
                for (Department d : departments) {
                    ps.setInt(1, d.id());
                    ps.setString(2, d.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs VALUES (?, ?)")) {
                for (Job j : jobs) {
                    ps.setInt(1, j.id());
                    ps.setString(2, j.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO employees VALUES (?, ?, ?, ?, ?)")) {
                for (Employee e : employees) {
                    ps.setInt(1, e.id());
                    ps.setString(2, e.name());
                    ps.setObject(3, LocalDateTime.ofInstant(e.hired(), ZoneOffset.UTC));
                    ps.setInt(4, e.departmentId());
                    ps.setInt(5, e.jobId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static Stream<List<String>> read(Path file, int fields) {
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true).ofCsvRecord(file)) {
            return csv.stream().map(CsvRecord::getFields)
                    .filter(f -> f.size() == fields && f.stream().noneMatch(String::isBlank))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Employee employee(List<String> f) {
        try {
            return new Employee(Integer.parseInt(f.get(0)), f.get(1), Instant.parse(f.get(2)),
                    Integer.parseInt(f.get(3)), Integer.parseInt(f.get(4)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }
}
