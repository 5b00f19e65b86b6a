package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.http.ApiException;
import io.hireflow.client.http.ApiResponse;
import io.hireflow.client.output.Progress;
import io.hireflow.client.output.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import TABLE FILE [--dry-run]}: an Avro file written elsewhere becomes a backup of TABLE. */
@Command(name = "import", description = {"Sends FILE, an Avro data file written elsewhere (fastavro, Spark, Sqoop, "
        + "another hireflow), to become a backup of TABLE: its fields are mapped by name, every row is checked.",
        "Restore it with: hireflow restore TABLE --backup ID (or do both at once: hireflow restore TABLE --file FILE).",
        "--dry-run checks everything and stores nothing."})
class ImportCommand extends ApiCommand {

    private static final long MB = 1024 * 1024;

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Option(names = "--dry-run", description = "Check the file, store nothing.")
    boolean dryRun;

    @Override
    protected int run(Session session) {
        JsonNode result = send(session, table, file, dryRun);
        session.printer.print(result, Views::imported);
        session.summary((dryRun ? "dry-run import of " : "imported ") + file + " as " + (dryRun ? "a backup"
                : "backup " + result.path("backup").path("id").asText()) + " of " + table + ": "
                + result.path("rows").asLong() + " rows");
        return ExitCode.OK;
    }

    /** Sends the file with a progress bar (in MB); a refusal prints what it names, then fails the command. */
    static JsonNode send(Session session, String table, Path file, boolean dryRun) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CommandException.error("Cannot read " + file + ": not a readable file");
        }
        Progress progress = session.progress("import " + table).unit("MB");
        long size = file.toFile().length();
        progress.total(Math.max(1, size / MB));
        ApiResponse answer = session.api.upload("/tables/" + Paths.segment(table) + "/backups/import?dryRun="
                + dryRun, file, "application/avro", sent -> progress.update(sent / MB));
        progress.finish(size / MB);
        if (!answer.ok()) {
            if (answer.isProblem()) {
                String named = Views.importRefusal(session.api.parse(answer));
                if (!named.isEmpty()) {
                    session.printer.err().print(named);
                    session.printer.err().flush();
                }
            }
            throw new ApiException(answer.status(), session.api.describe(answer, "POST", "/tables/" + table
                    + "/backups/import"));
        }
        return session.api.parse(answer);
    }
}
