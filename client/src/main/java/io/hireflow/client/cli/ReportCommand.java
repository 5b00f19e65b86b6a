package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.http.ApiClient;
import io.hireflow.client.output.Views;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report NAME}: one of the quarterly-hire reports, as a table, CSV or JSON. */
@Command(name = "report", description = "Prints a report computed by the API: hires-by-quarter (hires per "
        + "department and job by quarter) or departments-above-mean (departments that hired more than the mean).")
class ReportCommand extends ApiCommand {

    /** The report names, for help and shell completion. */
    static class Names extends java.util.ArrayList<String> {
        Names() {
            super(List.of("hires-by-quarter", "departments-above-mean"));
        }
    }

    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "REPORT", completionCandidates = Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String report;

    @Option(names = "--year", defaultValue = "2021", description = "Year of hires (default ${DEFAULT-VALUE}).")
    int year;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    protected int run(Session session) {
        String path = "/reports/" + Paths.segment(report) + "?year=" + year;
        if (format == Format.csv && !output.json) {
            session.printer.text(session.api.getText(path, ApiClient.CSV));
            session.summary(report + " " + year + " as CSV");
            return ExitCode.OK;
        }
        JsonNode answer = session.api.getJson(path);
        if (format == Format.json || output.json) {
            session.printer.printJson(answer);
        } else {
            session.printer.text(Views.report(answer));
        }
        session.summary(report + " " + year + ": " + answer.path("rowCount").asLong() + " rows");
        return ExitCode.OK;
    }
}
