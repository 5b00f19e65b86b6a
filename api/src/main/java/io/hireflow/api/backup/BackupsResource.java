package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** Backups of one table: take one, list them, read one's metadata, download its file, verify it. */
@Path("/tables/{table}/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {

    static final String AVRO = "application/avro";

    private final BackupService backups;
    private final RestoreService restores;
    private final BackupStore store;

    BackupsResource(BackupService backups, RestoreService restores, BackupStore store) {
        this.backups = backups;
        this.restores = restores;
        this.store = store;
    }

    @POST
    public RestResponse<BackupMetadata> create(@PathParam("table") String name, UriInfo uri)
            throws SQLException, IOException {
        BackupMetadata backup = backups.backup(Tables.require(name));
        return RestResponse.ResponseBuilder.<BackupMetadata>created(uri.getAbsolutePathBuilder().path(backup.id()).build())
                .entity(backup).build();
    }

    @GET
    public List<BackupMetadata> list(@PathParam("table") String name) {
        return store.list(Tables.require(name));
    }

    @GET
    @Path("/{id}")
    public BackupMetadata get(@PathParam("table") String name, @PathParam("id") String id) {
        Table table = Tables.require(name);
        return store.require(table, BackupStore.requireValidId(id, "backup"));
    }

    @GET
    @Path("/{id}/file")
    @Produces({ AVRO, MediaType.APPLICATION_JSON })
    public Response file(@PathParam("table") String name, @PathParam("id") String id) {
        Table table = Tables.require(name);
        BackupMetadata backup = store.require(table, BackupStore.requireValidId(id, "backup"));
        java.nio.file.Path file = store.avroFile(table, backup.id());
        // Sent from disk by the server, never read whole into the heap.
        return Response.ok(file.toFile(), AVRO)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .header("Digest", "sha-256=" + backup.sha256())
                .build();
    }

    @POST
    @Path("/{id}/verify")
    public VerifyResult verify(@PathParam("table") String name, @PathParam("id") String id) throws IOException {
        return restores.verify(Tables.require(name), id); // "latest" or an id, checked where it is looked up
    }

}
