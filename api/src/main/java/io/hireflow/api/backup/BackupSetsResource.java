package io.hireflow.api.backup;

import io.hireflow.api.observe.ApiTags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Backup sets: every table from one consistent snapshot, restored together. */
@Path("/backups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.BACKUPS)
@SecurityRequirement(name = "bearer", scopes = "admin")
public class BackupSetsResource {

    static final String SET_ID = "The backup set's id, e.g. 20261121T093200113Z-7a01";

    private final BackupService backups;
    private final RestoreService restores;
    private final BackupStore store;

    BackupSetsResource(BackupService backups, RestoreService restores, BackupStore store) {
        this.backups = backups;
        this.restores = restores;
        this.store = store;
    }

    @POST
    @Operation(operationId = "createBackupSet", summary = "Back up every table from one snapshot",
            description = "One backup per table, all read in one consistent snapshot, so that restoring the set "
                    + "together gives tables that agree with each other.")
    @APIResponse(responseCode = "201", description = "The set was written",
            headers = @Header(name = "Location", description = "The set",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = BackupSet.class)))
    public RestResponse<BackupSet> create(UriInfo uri) throws SQLException, IOException {
        BackupSet set = backups.backupAll();
        return RestResponse.ResponseBuilder.<BackupSet>created(uri.getAbsolutePathBuilder().path(set.setId()).build())
                .entity(set).build();
    }

    @GET
    @Operation(operationId = "listBackupSets", summary = "List the backup sets, newest first",
            description = "Every backup set with its members; complete is false when retention removed a member.")
    @APIResponse(responseCode = "200", description = "The sets, newest first",
            content = @Content(schema = @Schema(implementation = BackupSet.class, type = SchemaType.ARRAY)))
    public List<BackupSet> list() {
        return store.listSets();
    }

    @GET
    @Path("/{setId}")
    @Operation(operationId = "getBackupSet", summary = "Get one backup set",
            description = "The set's members (one backup per table) and whether every member is still kept.")
    @APIResponse(responseCode = "200", description = "The set",
            content = @Content(schema = @Schema(implementation = BackupSet.class)))
    @APIResponse(responseCode = "400", description = "The id is not a set id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown backup set", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public BackupSet get(@Parameter(description = SET_ID) @PathParam("setId") String setId) {
        return store.requireSet(setId);
    }

    @POST
    @Path("/{setId}/restore")
    @Operation(operationId = "restoreBackupSet", summary = "Restore every table of a backup set together",
            description = "Checks every member like verifyBackup, loads each into a staging table, then swaps all "
                    + "of them in at once, parents first. If anything fails, every live table is left as it was. "
                    + "With dryRun=true every check and the staging load run, and nothing is swapped.")
    @APIResponse(responseCode = "200", description = "What the restore did (or would do) to each table",
            content = @Content(schema = @Schema(implementation = SetRestoreResult.class)))
    @APIResponse(responseCode = "400", description = "The id is not a set id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown backup set", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "A member was removed by retention (backup-set-incomplete)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "A member is not usable (checksum, corrupt block, schema, "
            + "rows, count or digest); the type says which", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public SetRestoreResult restore(@Parameter(description = SET_ID) @PathParam("setId") String setId,
            @Parameter(description = "Check and stage everything, swap nothing") @QueryParam("dryRun") boolean dryRun)
            throws SQLException, IOException {
        return restores.restoreSet(setId, dryRun);
    }
}
