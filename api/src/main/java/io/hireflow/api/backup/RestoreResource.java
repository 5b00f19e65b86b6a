package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.sql.SQLException;

/** Restores one table from one of its backups, or rehearses it with {@code ?dryRun=true}. */
@Path("/tables/{table}/restore")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {

    /** Which backup to restore: {@code "latest"} or an id. */
    public record RestoreRequest(String backup) {
    }

    private final RestoreService restores;

    RestoreResource(RestoreService restores) {
        this.restores = restores;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestoreResult restore(@PathParam("table") String name, @QueryParam("dryRun") boolean dryRun,
            RestoreRequest request) throws SQLException, IOException {
        Table table = Tables.require(name);
        if (request == null || request.backup() == null || request.backup().isBlank()) {
            throw ProblemException.badRequest("missing-backup", "Which backup?",
                    "Send {\"backup\":\"latest\"} or {\"backup\":\"<id>\"}; GET /tables/" + table + "/backups lists the ids");
        }
        return restores.restore(table, request.backup(), dryRun); // "latest" or an id, checked where it is looked up
    }
}
