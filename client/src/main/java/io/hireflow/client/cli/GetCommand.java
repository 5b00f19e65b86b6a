package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code get TABLE ID}: one row by its id. */
@Command(name = "get", description = "Prints one row of TABLE by its id.")
class GetCommand extends ApiCommand {

    @Mixin
    TableAndId target;

    @Override
    protected int run(Session session) {
        JsonNode row = session.api.getJson(target.path("rows"));
        session.printer.print(row, Views::fields);
        session.summary(target.table + " " + target.id + " found");
        return ExitCode.OK;
    }
}
