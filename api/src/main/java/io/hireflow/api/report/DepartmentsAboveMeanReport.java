package io.hireflow.api.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The departments-above-mean report: departments that hired more than the mean per department,
 * by hires descending, plus the mean and what it was taken over.
 *
 * @param departments how many departments the mean is over (all of them, including those that hired no one)
 * @param hiredTotal hires in the year across those departments
 */
@JsonPropertyOrder({ "report", "year", "generatedAt", "rowCount", "mean", "meanOver", "rows" })
public record DepartmentsAboveMeanReport(int year, String generatedAt, @JsonIgnore long departments,
        @JsonIgnore long hiredTotal, List<DepartmentHires> rows) implements Report<DepartmentHires> {

    public static final String NAME = "departments-above-mean";

    @Override
    public void writeCsv(OutputStream out) throws IOException {
        ReportCsv.write(this, out);
    }

    @Override
    public String report() {
        return NAME;
    }

    /** Hires per department in the year, averaged over every department (0 when there are none). */
    @JsonProperty
    public double mean() {
        return departments == 0 ? 0 : (double) hiredTotal / departments;
    }

    @JsonProperty
    public String meanOver() {
        return "all " + departments + " departments in the departments table, a department that hired no one in "
                + year + " counting as 0 (" + hiredTotal + " hires / " + departments + " departments)";
    }
}
