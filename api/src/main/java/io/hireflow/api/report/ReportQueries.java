package io.hireflow.api.report;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The two report queries. Each report is one SQL statement aggregated in the database: the year is a
 * half-open range on {@code hiring_date}, answered by the covering index
 * {@code employees_hiring (hiring_date, department_id, job_id)}; only the aggregated rows reach the JVM.
 */
@ApplicationScoped
public class ReportQueries {

    // The year is a range on the covering index; rows are counted per (department, job, quarter) with COUNT(*),
    // which the server aggregates far faster than four SUM(CASE ...) columns (measured: ~0.6 s against ~2 s on 1M
    // rows), then pivoted on the few grouped rows. QUARTER() of the stored UTC DATETIME is the UTC quarter.
    // Names are joined last, on the grouped rows only.
    static final String HIRES_BY_QUARTER = """
            SELECT d.department_name, j.job_name, h.q1, h.q2, h.q3, h.q4, h.department_id, h.job_id
            FROM (SELECT department_id, job_id,
                         SUM(CASE WHEN quarter = 1 THEN hired ELSE 0 END) AS q1,
                         SUM(CASE WHEN quarter = 2 THEN hired ELSE 0 END) AS q2,
                         SUM(CASE WHEN quarter = 3 THEN hired ELSE 0 END) AS q3,
                         SUM(CASE WHEN quarter = 4 THEN hired ELSE 0 END) AS q4
                  FROM (SELECT department_id, job_id, QUARTER(hiring_date) AS quarter, COUNT(*) AS hired
                        FROM employees
                        WHERE hiring_date >= ? AND hiring_date < ?
                        GROUP BY department_id, job_id, QUARTER(hiring_date)) per_quarter
                  GROUP BY department_id, job_id) h
            JOIN departments d ON d.department_id = h.department_id
            JOIN jobs j ON j.job_id = h.job_id
            ORDER BY d.department_name, j.job_name, d.department_id, j.job_id""";

    // One scan of the year on the index. The mean is over every department (LEFT JOIN: no hires counts as 0),
    // totals come from window functions over all departments, and "above the mean" is decided as
    // hired * departments > total in whole numbers, so no rounded average can tip a department over the line.
    // The first department is always returned, above or not, so an empty report still carries its mean.
    static final String DEPARTMENTS_ABOVE_MEAN = """
            SELECT t.departments, t.total, t.id, t.department, t.hired, t.hired * t.departments > t.total AS above
            FROM (SELECT d.department_id AS id, d.department_name AS department, COALESCE(h.hired, 0) AS hired,
                         COUNT(*) OVER () AS departments,
                         SUM(COALESCE(h.hired, 0)) OVER () AS total,
                         ROW_NUMBER() OVER (ORDER BY COALESCE(h.hired, 0) DESC, d.department_name,
                                                     d.department_id) AS position
                  FROM departments d
                  LEFT JOIN (SELECT department_id, COUNT(*) AS hired
                             FROM employees
                             WHERE hiring_date >= ? AND hiring_date < ?
                             GROUP BY department_id) h ON h.department_id = d.department_id) t
            WHERE t.hired * t.departments > t.total OR t.position = 1
            ORDER BY t.position""";

    private final AgroalDataSource dataSource;

    ReportQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public HiresByQuarterReport hiresByQuarter(ReportYear year) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return hiresByQuarter(connection, year);
        }
    }

    public DepartmentsAboveMeanReport departmentsAboveMean(ReportYear year) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return departmentsAboveMean(connection, year);
        }
    }

    /** Both reports read from one snapshot, so the deliverables of a render agree with each other. */
    public Reports both(ReportYear year) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try {
                Reports reports = new Reports(hiresByQuarter(connection, year),
                        departmentsAboveMean(connection, year));
                connection.commit();
                return reports;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
                connection.setTransactionIsolation(isolation);
            }
        }
    }

    static HiresByQuarterReport hiresByQuarter(Connection connection, ReportYear year) throws SQLException {
        String generatedAt = now();
        List<QuarterlyHires> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(forYear(HIRES_BY_QUARTER, year))) {
            select.setObject(1, year.start());
            select.setObject(2, year.end());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new QuarterlyHires(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getInt(8)));
                }
            }
        }
        return new HiresByQuarterReport(year.value(), generatedAt, List.copyOf(rows));
    }

    static DepartmentsAboveMeanReport departmentsAboveMean(Connection connection, ReportYear year)
            throws SQLException {
        String generatedAt = now();
        List<DepartmentHires> rows = new ArrayList<>();
        long departments = 0;
        long total = 0;
        try (PreparedStatement select = connection.prepareStatement(forYear(DEPARTMENTS_ABOVE_MEAN, year))) {
            select.setObject(1, year.start());
            select.setObject(2, year.end());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    departments = rs.getLong(1);
                    total = rs.getLong(2);
                    if (rs.getBoolean(6)) {
                        rows.add(new DepartmentHires(rs.getInt(3), rs.getString(4), rs.getLong(5)));
                    }
                }
            }
        }
        return new DepartmentsAboveMeanReport(year.value(), generatedAt, departments, total, List.copyOf(rows));
    }

    // Each query has exactly one upper bound on hiring_date; only year 9999 makes it inclusive.
    static String forYear(String sql, ReportYear year) {
        return year.endInclusive() ? sql.replace("hiring_date < ?", "hiring_date <= ?") : sql;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Both reports of one year, read together. */
    public record Reports(HiresByQuarterReport hiresByQuarter, DepartmentsAboveMeanReport departmentsAboveMean) {
    }
}
