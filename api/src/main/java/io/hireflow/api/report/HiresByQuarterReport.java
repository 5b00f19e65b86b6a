package io.hireflow.api.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The hires-by-quarter report: rows ordered by department, then job, plus its metadata. */
@JsonPropertyOrder({ "report", "year", "generatedAt", "rowCount", "rows" })
public record HiresByQuarterReport(int year, String generatedAt, List<QuarterlyHires> rows) implements Report<QuarterlyHires> {

    public static final String NAME = "hires-by-quarter";

    @Override
    public void writeCsv(OutputStream out) throws IOException {
        ReportCsv.write(this, out);
    }

    @Override
    public String report() {
        return NAME;
    }

}
