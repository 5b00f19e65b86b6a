package io.hireflow.api.support;

/** Employee batches for concurrency tests: ids first..first+count-1, valid against 5 departments and jobs. */
public final class EmployeeBatches {

    private EmployeeBatches() {
    }

    public static String of(int first, int count) {
        StringBuilder rows = new StringBuilder("[");
        for (int id = first; id < first + count; id++) {
            rows.append(id > first ? "," : "").append("{\"employee_id\":").append(id)
                    .append(",\"employee_name\":\"E").append(id).append("\",\"hiring_date\":\"2021-07-27T16:02:08Z\"")
                    .append(",\"department_id\":").append(id % 5 + 1).append(",\"job_id\":").append(id % 5 + 1)
                    .append('}');
        }
        return rows.append(']').toString();
    }
}
