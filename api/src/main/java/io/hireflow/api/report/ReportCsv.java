package io.hireflow.api.report;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The reports as RFC 4180 CSV with a header row (metadata such as the mean stays in the JSON and the page). */
public final class ReportCsv {

    public static final String MEDIA_TYPE = "text/csv";

    private ReportCsv() {
    }

    public static void write(HiresByQuarterReport report, OutputStream out) throws IOException {
        try (CsvWriter csv = writer(out)) {
            csv.writeRecord("department", "job", "q1", "q2", "q3", "q4");
            for (QuarterlyHires row : report.rows()) {
                csv.writeRecord(row.department(), row.job(), String.valueOf(row.q1()), String.valueOf(row.q2()),
                        String.valueOf(row.q3()), String.valueOf(row.q4()));
            }
        }
    }

    public static void write(DepartmentsAboveMeanReport report, OutputStream out) throws IOException {
        try (CsvWriter csv = writer(out)) {
            csv.writeRecord("id", "department", "hired");
            for (DepartmentHires row : report.rows()) {
                csv.writeRecord(String.valueOf(row.id()), row.department(), String.valueOf(row.hired()));
            }
        }
    }

    private static CsvWriter writer(OutputStream out) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out, StandardCharsets.UTF_8);
    }
}
