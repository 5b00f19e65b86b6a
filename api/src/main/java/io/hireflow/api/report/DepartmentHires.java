package io.hireflow.api.report;

/** One line of the departments-above-mean report. */
public record DepartmentHires(int id, String department, long hired) {
}
