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

    // Counts per (department, job) come from the index alone; names are joined on the few grouped rows.
    static final String HIRES_BY_QUARTER = """
            SELECT d.department_name, j.job_name, h.q1, h.q2, h.q3, h.q4
            FROM (SELECT department_id, job_id,
                         SUM(CASE WHEN hiring_date < ? THEN 1 ELSE 0 END) AS q1,
                         SUM(CASE WHEN hiring_date >= ? AND hiring_date < ? THEN 1 ELSE 0 END) AS q2,
                         SUM(CASE WHEN hiring_date >= ? AND hiring_date < ? THEN 1 ELSE 0 END) AS q3,
                         SUM(CASE WHEN hiring_date >= ? THEN 1 ELSE 0 END) AS q4
                  FROM employees
                  WHERE hiring_date >= ? AND hiring_date < ?
                  GROUP BY department_id, job_id) h
            JOIN departments d ON d.department_id = h.department_id
            JOIN jobs j ON j.job_id = h.job_id
            ORDER BY d.department_name, j.job_name, d.department_id, j.job_id""";

    // The mean is over every department (LEFT JOIN: no hires counts as 0). "Above the mean" is compared as
    // hired * departments > total in whole numbers, so no rounded average can tip a department over the line.
    // The totals row is always returned (LEFT JOIN to the departments above it) so an empty report still
    // carries its mean.
    static final String DEPARTMENTS_ABOVE_MEAN = """
            WITH hires AS (
                SELECT department_id, COUNT(*) AS hired
                FROM employees
                WHERE hiring_date >= ? AND hiring_date < ?
                GROUP BY department_id),
            per_department AS (
                SELECT d.department_id AS id, d.department_name AS department, COALESCE(h.hired, 0) AS hired
                FROM departments d LEFT JOIN hires h ON h.department_id = d.department_id),
            totals AS (
                SELECT COUNT(*) AS departments, COALESCE(SUM(hired), 0) AS total FROM per_department)
            SELECT t.departments, t.total, p.id, p.department, p.hired
            FROM totals t LEFT JOIN per_department p ON p.hired * t.departments > t.total
            ORDER BY p.hired DESC, p.department, p.id""";

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
        try (PreparedStatement select = connection.prepareStatement(HIRES_BY_QUARTER)) {
            select.setObject(1, year.quarterStart(2));
            select.setObject(2, year.quarterStart(2));
            select.setObject(3, year.quarterStart(3));
            select.setObject(4, year.quarterStart(3));
            select.setObject(5, year.quarterStart(4));
            select.setObject(6, year.quarterStart(4));
            select.setObject(7, year.start());
            select.setObject(8, year.end());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new QuarterlyHires(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6)));
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
        try (PreparedStatement select = connection.prepareStatement(DEPARTMENTS_ABOVE_MEAN)) {
            select.setObject(1, year.start());
            select.setObject(2, year.end());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    departments = rs.getLong(1);
                    total = rs.getLong(2);
                    int id = rs.getInt(3);
                    if (!rs.wasNull()) {
                        rows.add(new DepartmentHires(id, rs.getString(4), rs.getLong(5)));
                    }
                }
            }
        }
        return new DepartmentsAboveMeanReport(year.value(), generatedAt, departments, total, List.copyOf(rows));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Both reports of one year, read together. */
    public record Reports(HiresByQuarterReport hiresByQuarter, DepartmentsAboveMeanReport departmentsAboveMean) {
    }
}
