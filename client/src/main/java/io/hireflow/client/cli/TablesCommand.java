package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;

/** {@code tables}: the data dictionary with each table's row count. */
@Command(name = "tables", description = "Lists the tables in dictionary order: row count and columns.")
class TablesCommand extends ApiCommand {

    @Override
    protected int run(Session session) {
        JsonNode tables = session.api.getJson("/tables");
        session.printer.print(tables, Views::tables);
        StringBuilder summary = new StringBuilder();
        tables.forEach(t -> summary.append(summary.length() == 0 ? "" : ", ").append(t.path("name").asText())
                .append(' ').append(t.path("rows").asLong()));
        session.summary(summary.toString());
        return ExitCode.OK;
    }
}
