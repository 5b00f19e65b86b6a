package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;

/** {@code schedule}: the backup schedule, when it runs next and how its last run ended. */
@Command(name = "schedule", description = "Shows the backup schedule: its cron expression, the next run, and the "
        + "last run with its outcome (a reader token is enough).")
class ScheduleCommand extends ApiCommand {

    @Override
    protected int run(Session session) {
        JsonNode schedule = session.api.getJson("/backups/schedule");
        session.printer.print(schedule, Views::schedule);
        JsonNode last = schedule.path("lastRun");
        session.summary((schedule.path("enabled").asBoolean() ? "schedule " + schedule.path("cron").asText()
                : "schedule off") + (last.isObject() ? ", last run " + last.path("outcome").asText() : ""));
        return ExitCode.OK;
    }
}
