package io.hireflow.api.report;

/** One line of the hires-by-quarter report: hires of one job in one department, per quarter. */
public record QuarterlyHires(String department, String job, long q1, long q2, long q3, long q4) {

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
