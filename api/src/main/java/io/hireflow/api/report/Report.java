package io.hireflow.api.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What every report has, whatever its rows: its name and year, its rows and their count, and a CSV form.
 *
 * @param <R> one row of the report
 */
public interface Report<R> {

    @JsonProperty
    String report();

    int year();

    List<R> rows();

    @JsonProperty
    default int rowCount() {
        return rows().size();
    }

    /** Writes the report as CSV with a header row (RFC 4180). */
    void writeCsv(OutputStream out) throws IOException;
}
