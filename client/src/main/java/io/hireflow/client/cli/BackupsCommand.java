package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code backups TABLE}: the backups kept of a table, newest first. */
@Command(name = "backups", description = "Lists the backups of TABLE, newest first.")
class BackupsCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Override
    protected int run(Session session) {
        JsonNode backups = session.api.getJson("/tables/" + Paths.segment(table) + "/backups");
        session.printer.print(backups, Views::backups);
        session.summary(backups.size() + " backups of " + table);
        return ExitCode.OK;
    }
}
