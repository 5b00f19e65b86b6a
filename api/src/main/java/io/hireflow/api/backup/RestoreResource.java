package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.observe.ApiTags;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Restores one table from one of its backups, or rehearses it with {@code ?dryRun=true}. */
@Path("/tables/{table}/restore")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.BACKUPS)
@SecurityRequirement(name = "bearer", scopes = "admin")
public class RestoreResource {

    /** Which backup to restore: {@code "latest"} or an id. */
    public record RestoreRequest(@Schema(description = "latest, or a backup id from listBackups", required = true,
            example = "latest") String backup) {
    }

    private final RestoreService restores;

    RestoreResource(RestoreService restores) {
        this.restores = restores;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "restoreTable", summary = "Restore a table from one of its backups",
            description = "Checks the backup (checksum, schema, every row against the dictionary), loads it into a "
                    + "staging table, then swaps it in atomically and checks the swapped table's content digest. "
                    + "If anything fails, the live table is untouched. Batches for the table wait for the swap "
                    + "(or get 503 with Retry-After), never lost. With dryRun=true everything but the swap runs.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RestoreRequest.class),
            examples = @ExampleObject(name = "latest", value = "{\"backup\": \"latest\"}")))
    @APIResponse(responseCode = "200", description = "What the restore did (or, for a dry run, would do)",
            content = @Content(schema = @Schema(implementation = RestoreResult.class)))
    @APIResponse(responseCode = "400", description = "No backup named in the body, or an id that is not an id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown table, unknown backup, or no backup yet (latest)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Restoring this parent table alone would leave rows of a "
            + "child table pointing at ids it does not have (dangling-references)", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The backup is not usable (checksum, corrupt block, schema, "
            + "rows, count or digest); the type says which", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestoreResult restore(@PathParam("table") String name,
            @Parameter(description = "Check and stage everything, swap nothing") @QueryParam("dryRun") boolean dryRun,
            RestoreRequest request) throws SQLException, IOException {
        Table table = Tables.require(name);
        if (request == null || request.backup() == null || request.backup().isBlank()) {
            throw ProblemException.badRequest("missing-backup", "Which backup?",
                    "Send {\"backup\":\"latest\"} or {\"backup\":\"<id>\"}; GET /tables/" + table + "/backups lists the ids");
        }
        return restores.restore(table, request.backup(), dryRun); // "latest" or an id, checked where it is looked up
    }
}
