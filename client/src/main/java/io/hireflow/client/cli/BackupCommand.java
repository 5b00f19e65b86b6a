package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup TABLE|--all}: an Avro backup of one table, or of all tables in one snapshot. */
@Command(name = "backup", description = "Backs TABLE up to an Avro file on the API's shared volume, or all "
        + "tables in one consistent snapshot with --all.")
class BackupCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE")
    String table;

    @Option(names = "--all", description = "All tables, one snapshot (a backup set).")
    boolean all;

    @Override
    protected int run(Session session) {
        if (TableOrMany.require(table, all, "--all")) {
            JsonNode set = session.api.postJson("/backups", null, false);
            session.printer.print(set, Views::backupSet);
            session.summary("backup set " + set.path("setId").asText() + " of " + set.path("backups").size()
                    + " tables");
        } else {
            JsonNode backup = session.api.postJson("/tables/" + Paths.segment(table) + "/backups", null, false);
            session.printer.print(backup, Views::fields);
            session.summary("backup " + backup.path("id").asText() + " of " + table + ": "
                    + backup.path("rows").asLong() + " rows");
        }
        return ExitCode.OK;
    }
}
