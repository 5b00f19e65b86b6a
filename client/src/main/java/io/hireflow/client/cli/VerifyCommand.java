package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code verify TABLE ID}: checks a backup file (checksum, schema, every row) without restoring it. */
@Command(name = "verify", description = "Checks backup ID of TABLE: checksum, schema and every row. Exit code 1 "
        + "when it is not sound.")
class VerifyCommand extends ApiCommand {

    @Mixin
    TableAndId target;

    @Override
    protected int run(Session session) {
        // Verifying only reads the file, so it may be retried like a GET.
        JsonNode result = session.api.postJson(target.path("backups") + "/verify", null, true);
        session.printer.print(result, Views::fields);
        boolean ok = result.path("ok").asBoolean();
        session.summary("backup " + target.id + " of " + target.table + (ok ? " is sound" : " is NOT sound"));
        return ok ? ExitCode.OK : ExitCode.ERROR;
    }
}
