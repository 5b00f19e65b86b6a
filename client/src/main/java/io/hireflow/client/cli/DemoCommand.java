package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.client.batch.PostSummary;
import io.hireflow.client.output.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole story end to end, as {@code up.sh} runs it. */
@Command(name = "demo", description = {"The whole story end to end: posts the new records (one <table>.csv or "
        + "<table>.json per table, in dictionary order), backs up all tables in one snapshot, renders the reports "
        + "into --out. First it loads the history files from the API's history folder (a file loaded before is "
        + "skipped).", "Exit code 2 when rows were rejected (the sample files hold some bad rows on purpose)."})
class DemoCommand extends ApiCommand {

    @Option(names = "--records", paramLabel = "DIR", defaultValue = "new_records",
            description = "Folder of new records (default ${DEFAULT-VALUE}).")
    Path records;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "deliverables",
            description = "Where the rendered reports go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--year", defaultValue = "2021", description = "Report year (default ${DEFAULT-VALUE}).")
    int year;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Rows per request (default: the most the API takes).")
    Integer batchSize;

    @Override
    protected int run(Session session) {
        ObjectNode result = JSON.createObjectNode();
        // The dictionary order comes from the API, so parents are always posted before their children.
        JsonNode tables = session.api.getJson("/tables");
        step(session, "1/4", "loading the history files from the API's history folder");
        JsonNode history = LoadHistoryCommand.start(session, JSON.createObjectNode(), true, 0.5);
        result.set("history", history);
        session.printer.view(history, Views::historyLoad);
        List<PostSummary> posts = new ArrayList<>();
        step(session, "2/4", "posting new records from " + records);
        for (JsonNode table : tables) {
            String name = table.path("name").asText();
            Path file = recordsOf(name);
            if (file == null) {
                session.printer.note("  no " + name + ".csv or " + name + ".json in " + records + "; skipped");
                continue;
            }
            PostSummary summary = PostCommand.post(session, table, List.of(file), batchSize, false, null);
            posts.add(summary);
            session.printer.view(summary, Views::post);
        }
        result.set("posts", JSON.valueToTree(posts));

        step(session, "3/4", "backing up all tables in one snapshot");
        JsonNode set = session.api.postJson("/backups", null, false);
        result.set("backup", set);
        session.printer.view(set, Views::backupSet);

        step(session, "4/4", "rendering the " + year + " reports into " + out);
        JsonNode rendered = RenderCommand.render(session, year, out);
        result.set("render", rendered);
        // With --json, every step's answer in one document at the end.
        if (session.printer.json()) {
            session.printer.printJson(result);
        } else {
            session.printer.text(Views.render(rendered));
        }
        long rejected = posts.stream().mapToLong(PostSummary::rejected).sum();
        session.summary("demo done: posted " + posts.stream().mapToLong(PostSummary::sent).sum() + " rows ("
                + rejected + " rejected), backup set " + set.path("setId").asText() + ", "
                + rendered.path("files").size() + " report files in " + out);
        return rejected > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    private Path recordsOf(String table) {
        for (String extension : List.of(".csv", ".json")) {
            Path file = records.resolve(table + extension);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static void step(Session session, String number, String what) {
        session.printer.note("== Step " + number + ": " + what);
        session.log.note("demo step " + number + ": " + what);
    }
}
