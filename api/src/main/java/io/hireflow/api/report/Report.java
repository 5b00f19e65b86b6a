package io.hireflow.api.report;

import java.io.IOException;
import java.io.OutputStream;

/** What every report has, whatever its rows: its name and year, a row count and a CSV form. */
public interface Report {

    String report();

    int year();

    int rowCount();

    /** Writes the report as CSV with a header row (RFC 4180). */
    void writeCsv(OutputStream out) throws IOException;
}
