package io.hireflow.api.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One line of the hires-by-quarter report: hires of one job in one department, per quarter. The ids tell apart
 * two jobs (or departments) of the same name; the page shows them, the JSON and CSV keep the report's columns.
 */
public record QuarterlyHires(String department, String job, long q1, long q2, long q3, long q4,
        @JsonIgnore int departmentId, @JsonIgnore int jobId) {

    public long quarter(int q) {
        return switch (q) {
            case 1 -> q1;
            case 2 -> q2;
            case 3 -> q3;
            case 4 -> q4;
            default -> throw new IllegalArgumentException("quarter " + q);
        };
    }
}
