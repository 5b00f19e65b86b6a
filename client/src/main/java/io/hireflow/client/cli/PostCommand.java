package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.batch.BatchPoster;
import io.hireflow.client.batch.BatchReader;
import io.hireflow.client.batch.PostSummary;
import io.hireflow.client.batch.RejectsFile;
import io.hireflow.client.output.Progress;
import io.hireflow.client.output.Views;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code post TABLE FILE...}: sends files of new rows in batches and accounts for every row. */
@Command(name = "post", description = {"Posts new rows from CSV files (headerless, columns in dictionary order) or "
        + "JSON files (an array of row objects) to TABLE, in batches sent in order.",
        "Prints sent/inserted/rejected per file and rejects by rule; rejected rows, with their reasons and source "
                + "lines, go to a local JSON-lines file. Exit code 2 when any row was rejected."})
class PostCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "TABLE", description = "departments, jobs or employees.")
    String table;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "CSV or .json files, sent in the order given.")
    List<Path> files;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Rows per request (default: the most the API takes per batch, which it states in GET /tables/TABLE).")
    Integer batchSize;

    @Option(names = "--atomic", description = "All or nothing per batch: a batch with any bad row inserts nothing.")
    boolean atomic;

    @Option(names = "--rejects-file", paramLabel = "FILE",
            description = "Where to write rejected rows (default: next to the client log, "
                    + "client-<timestamp>-rejects-<table>.jsonl).")
    Path rejectsFile;

    @Override
    protected int run(Session session) {
        // The API says how many rows a batch may hold; an unknown table is refused here, before any file is read.
        JsonNode tableInfo = session.api.getJson("/tables/" + Paths.segment(table));
        PostSummary summary = post(session, tableInfo, files, batchSize, atomic, rejectsFile);
        session.printer.print(summary, Views::post);
        return exitCode(summary);
    }

    /**
     * Posts {@code files} to the table {@code tableInfo} describes (an entry of GET /tables, which states the
     * batch limit); shared with {@code demo}. Records the summary in the client log.
     */
    static PostSummary post(Session session, JsonNode tableInfo, List<Path> files, Integer askedBatchSize,
            boolean atomic, Path rejectsFile) {
        String table = tableInfo.path("name").asText();
        JsonNode limit = tableInfo.path("maxBatchRows");
        if (!limit.canConvertToInt() || limit.asInt() < 1) {
            throw CommandException.error("The API did not say how many rows a batch of " + table + " may hold "
                    + "(maxBatchRows in GET /tables/" + table + "); is it a hireflow API of this version?");
        }
        int batchSize = BatchReader.batchSize(askedBatchSize, limit.asInt());
        Path rejects = rejectsFile != null ? rejectsFile : session.log.file().resolveSibling(
                session.log.file().getFileName().toString().replace(".log", "-rejects-" + table + ".jsonl"));
        Progress progress = session.progress("post " + table);
        PostSummary summary;
        try (RejectsFile out = new RejectsFile(rejects)) {
            summary = new BatchPoster(session.api, table, batchSize, atomic, out, progress).post(files);
        }
        String line = table + ": sent " + summary.sent() + " in " + summary.batches() + " batches, inserted "
                + summary.inserted() + ", rejected " + summary.rejected()
                + (summary.rejectedByRule().isEmpty() ? "" : " (" + Views.byRule(summary.rejectedByRule()) + ")")
                + (summary.notInserted() > 0 ? ", left out " + summary.notInserted() : "")
                + (summary.rejectsFile() == null ? "" : ", rejects in " + summary.rejectsFile());
        session.log.note(line);
        session.summary(line);
        return summary;
    }

    static int exitCode(PostSummary summary) {
        return summary.clean() ? ExitCode.OK : ExitCode.REJECTED;
    }
}
