package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restore TABLE [--backup ID | --file FILE] [--dry-run]}: swaps a table back to a backup, or a whole set. */
@Command(name = "restore", description = {"Restores TABLE from its latest backup (or --backup ID): the file is "
        + "checked, staged and swapped in atomically.",
        "--file FILE imports an Avro file written elsewhere first (see import), then restores that backup.",
        "--set ID restores every table of a backup set instead. --dry-run checks everything and swaps nothing."})
class RestoreCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE")
    String table;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest", description = "Backup id (default ${DEFAULT-VALUE}).")
    String backup;

    @Option(names = "--file", paramLabel = "FILE", description = "Import this Avro file as a backup, then restore it.")
    Path file;

    @Option(names = "--set", paramLabel = "SET_ID", description = "Restore every table of this backup set.")
    String set;

    @Option(names = "--dry-run", description = "Check the backup and stage it, but keep the live table.")
    boolean dryRun;

    @Override
    protected int run(Session session) {
        TableOrMany.require(table, set != null, "--set SET_ID");
        if (file != null) {
            if (set != null || !"latest".equals(backup)) {
                throw CommandException.error("--file imports the backup to restore: give it without --backup or --set");
            }
            // A dry run imports nothing, so there is no backup to rehearse with: it checks the file only.
            JsonNode imported = ImportCommand.send(session, table, file, dryRun);
            if (dryRun) {
                session.printer.print(imported, Views::imported);
                session.summary("dry-run restore of " + table + " from " + file + ": the file can be imported");
                return ExitCode.OK;
            }
            backup = imported.path("backup").path("id").asText();
            session.printer.note("imported " + file + " as backup " + backup + " of " + table);
        }
        JsonNode result = set != null
                ? session.api.postJson("/backups/" + Paths.segment(set) + "/restore?dryRun=" + dryRun, null, dryRun)
                : session.api.postJson("/tables/" + Paths.segment(table) + "/restore?dryRun=" + dryRun,
                        Map.of("backup", backup), dryRun);
        session.printer.print(result, set != null ? Views::setRestore : Views::restore);
        session.summary((dryRun ? "dry-run restore of " : "restored ") + (set != null ? "set " + set
                : table + " from " + result.path("backup").asText(backup)));
        return ExitCode.OK;
    }
}
