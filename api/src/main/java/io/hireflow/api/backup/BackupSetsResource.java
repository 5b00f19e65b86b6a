package io.hireflow.api.backup;

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
import org.jboss.resteasy.reactive.RestResponse;

/** Backup sets: every table from one consistent snapshot, restored together. */
@Path("/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupSetsResource {

    private final BackupService backups;
    private final RestoreService restores;
    private final BackupStore store;

    BackupSetsResource(BackupService backups, RestoreService restores, BackupStore store) {
        this.backups = backups;
        this.restores = restores;
        this.store = store;
    }

    @POST
    public RestResponse<BackupSet> create(UriInfo uri) throws SQLException, IOException {
        BackupSet set = backups.backupAll();
        return RestResponse.ResponseBuilder.<BackupSet>created(uri.getAbsolutePathBuilder().path(set.setId()).build())
                .entity(set).build();
    }

    @GET
    public List<BackupSet> list() {
        return store.listSets();
    }

    @GET
    @Path("/{setId}")
    public BackupSet get(@PathParam("setId") String setId) {
        return store.requireSet(setId);
    }

    @POST
    @Path("/{setId}/restore")
    public SetRestoreResult restore(@PathParam("setId") String setId, @QueryParam("dryRun") boolean dryRun)
            throws SQLException, IOException {
        return restores.restoreSet(setId, dryRun);
    }
}
