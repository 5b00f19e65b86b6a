package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code get TABLE ID}: one row by its id. */
@Command(name = "get", description = "Prints one row of TABLE by its id.")
class GetCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    protected int run(Session session) {
        JsonNode row = session.api.getJson("/tables/" + Paths.segment(table) + "/rows/" + Paths.segment(id));
        session.printer.print(row, Views::fields);
        session.summary(table + " " + id + " found");
        return ExitCode.OK;
    }
}
