package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.client.http.ApiResponse;
import io.hireflow.client.output.Progress;
import io.hireflow.client.output.Views;
import java.util.List;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code load-history}: starts a history load and, with {@code --wait}, follows it to the end. */
@Command(name = "load-history", description = {"Starts a load of the history CSV files the API holds "
        + "(departments, jobs, employees), or checks them with --dry-run.",
        "With --wait, follows it with a progress bar and prints the per-table summary; exit code 2 when rows "
                + "were rejected, 1 when the load failed."})
class LoadHistoryCommand extends ApiCommand {

    @Option(names = "--dry-run", description = "Check every row, write nothing.")
    boolean dryRun;

    @Option(names = "--wait", description = "Follow the load until it ends.")
    boolean waitForEnd;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Only these tables (comma separated).")
    List<String> tables;

    @Option(names = "--max-rejects", paramLabel = "N", description = "Fail a table with more rejected rows than N.")
    Integer maxRejects;

    @Option(names = "--max-reject-ratio", paramLabel = "R", description = "Fail a table whose rejected share exceeds R (0-1).")
    Double maxRejectRatio;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "1", description = "Status poll interval with --wait (default ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Override
    protected int run(Session session) {
        ObjectNode body = JSON.createObjectNode();
        if (tables != null) {
            tables.forEach(body.putArray("tables")::add);
        }
        body.put("dryRun", dryRun);
        if (maxRejects != null) {
            body.put("maxRejects", maxRejects);
        }
        if (maxRejectRatio != null) {
            body.put("maxRejectRatio", maxRejectRatio);
        }
        JsonNode status = start(session, body, waitForEnd, pollSeconds);
        session.printer.print(status, Views::historyLoad);
        long rejected = sum(status, "rowsRejected");
        session.summary("history load " + status.path("id").asText() + " " + status.path("status").asText()
                + ": read " + sum(status, "rowsRead") + ", inserted " + sum(status, "rowsInserted") + ", rejected "
                + rejected);
        return switch (status.path("status").asText()) {
            case "RUNNING" -> ExitCode.OK;
            case "SUCCEEDED" -> rejected > 0 ? ExitCode.REJECTED : ExitCode.OK;
            default -> ExitCode.ERROR;
        };
    }

    /** Starts a load and, when asked, follows it to its end; returns the last status seen. */
    static JsonNode start(Session session, ObjectNode body, boolean waitForEnd, double pollSeconds) {
        ApiResponse started = session.api.post("/history/loads", body, false);
        JsonNode status = session.api.parse(started);
        String location = started.locationHeader().map(Paths::pathOf)
                .orElse("/history/loads/" + status.path("id").asText());
        session.log.note("history load " + status.path("id").asText() + " started at " + location);
        if (waitForEnd) {
            return follow(session, location, status, pollSeconds);
        }
        session.printer.note("Started history load " + status.path("id").asText() + "; follow it with "
                + "'hireflow load-history --wait' or GET " + location);
        return status;
    }

    private static JsonNode follow(Session session, String location, JsonNode status, double pollSeconds) {
        Progress progress = session.progress("history");
        while ("RUNNING".equals(status.path("status").asText())) {
            String current = StreamSupport.stream(status.path("tables").spliterator(), false)
                    .filter(t -> "RUNNING".equals(t.path("status").asText())).map(t -> t.path("table").asText())
                    .findFirst().orElse("");
            // The API measures the load (it may have resumed, and may run on another replica): show its figures.
            progress.update(sum(status, "rowsRead"), number(status, "rowsToGo"), number(status, "rowsPerSecond"),
                    number(status, "etaSeconds"), current);
            try {
                Thread.sleep((long) (Math.max(0.1, pollSeconds) * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandException.error("Interrupted; the load goes on in the API: GET " + location);
            }
            status = session.api.getJson(location);
        }
        progress.finish(sum(status, "rowsRead"));
        return status;
    }

    private static Long number(JsonNode status, String field) {
        return status.path(field).isNumber() ? status.path(field).asLong() : null;
    }

    static long sum(JsonNode status, String field) {
        long total = 0;
        for (JsonNode table : status.path("tables")) {
            total += table.path(field).asLong();
        }
        return total;
    }
}
