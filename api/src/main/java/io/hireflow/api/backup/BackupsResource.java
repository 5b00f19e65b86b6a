package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.observe.ApiTags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
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

/** Backups of one table: take one, list them, read one's metadata, download its file, verify it. */
@Path("/tables/{table}/backups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.BACKUPS)
@SecurityRequirement(name = "bearer", scopes = "admin")
public class BackupsResource {

    static final String BACKUP_ID = "The backup's id (e.g. 20261121T090455123Z-3f9a), or latest";

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
    @Operation(operationId = "createBackup", summary = "Back up one table",
            description = "Streams the table from one consistent snapshot into a compressed Avro file with its "
                    + "schema inside and a SHA-256 checksum, written under a temporary name and renamed when "
                    + "complete. Every backup keeps its own timestamped id; the oldest beyond the retention setting "
                    + "are removed.")
    @APIResponse(responseCode = "201", description = "The backup was written",
            headers = @Header(name = "Location", description = "The backup's metadata",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = BackupMetadata.class)))
    @APIResponse(responseCode = "404", description = "Unknown table; the answer lists the known ones",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<BackupMetadata> create(@PathParam("table") String name, UriInfo uri)
            throws SQLException, IOException {
        BackupMetadata backup = backups.backup(Tables.require(name));
        return RestResponse.ResponseBuilder.<BackupMetadata>created(uri.getAbsolutePathBuilder().path(backup.id()).build())
                .entity(backup).build();
    }

    @GET
    @Operation(operationId = "listBackups", summary = "List a table's backups, newest first",
            description = "The metadata of every backup of the table still kept: id, rows, size, codec, checksum, "
                    + "schema fingerprint and content digest.")
    @APIResponse(responseCode = "200", description = "The backups, newest first",
            content = @Content(schema = @Schema(implementation = BackupMetadata.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "Unknown table", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public List<BackupMetadata> list(@PathParam("table") String name) {
        return store.list(Tables.require(name));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getBackup", summary = "Get one backup's metadata",
            description = "What is known about one backup: rows, size, codec, SHA-256, schema fingerprint, content "
                    + "digest, when it was taken and the backup set it belongs to.")
    @APIResponse(responseCode = "200", description = "The backup",
            content = @Content(schema = @Schema(implementation = BackupMetadata.class)))
    @APIResponse(responseCode = "400", description = "The id is not a backup id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown table, unknown backup, or no backup yet (latest)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public BackupMetadata get(@PathParam("table") String name,
            @Parameter(description = BACKUP_ID) @PathParam("id") String id) {
        Table table = Tables.require(name);
        return store.require(table, id); // "latest" or an id, checked where it is looked up
    }

    @GET
    @Path("/{id}/file")
    @Produces({ AVRO, MediaType.APPLICATION_JSON })
    @Operation(operationId = "downloadBackup", summary = "Download a backup's Avro file",
            description = "The Avro object container file itself, streamed from the backup storage: any Avro reader (Java, "
                    + "Python, avro-tools) reads it with the schema in its header. Digest carries its SHA-256.")
    @APIResponse(responseCode = "200", description = "The Avro file",
            headers = { @Header(name = "Content-Disposition", description = "attachment; filename=\"<id>.avro\"",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Digest", description = "sha-256=<hex SHA-256 of the file>",
                            schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = AVRO, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "The id is not a backup id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown table, unknown backup, or no backup yet (latest)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response file(@PathParam("table") String name,
            @Parameter(description = BACKUP_ID) @PathParam("id") String id) {
        Table table = Tables.require(name);
        BackupMetadata backup = store.require(table, id); // "latest" or an id, checked where it is looked up
        String fileName = table.tableName() + "-" + backup.id() + ".avro";
        // Streamed from the storage (file or bucket) to the client, never read whole into the heap.
        StreamingOutput body = out -> {
            try (InputStream in = store.open(table, backup.id(), 0)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, AVRO)
                .header("Content-Length", backup.bytes())
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("Digest", "sha-256=" + backup.sha256())
                .build();
    }

    @POST
    @Path("/{id}/verify")
    @Operation(operationId = "verifyBackup", summary = "Prove a backup restorable without restoring it",
            description = "Checks the file's checksum, decodes every block, checks every row against the data "
                    + "dictionary, and compares the row count and content digest with the recorded ones. Changes "
                    + "nothing.")
    @APIResponse(responseCode = "200", description = "The backup is restorable",
            content = @Content(schema = @Schema(implementation = VerifyResult.class)))
    @APIResponse(responseCode = "400", description = "The id is not a backup id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown table, unknown backup, or no backup yet (latest)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The backup is not usable: checksum missing or different, "
            + "corrupt block, schema mismatch, rows that break the dictionary, or count or digest unlike the "
            + "recorded ones; the type says which", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public VerifyResult verify(@PathParam("table") String name,
            @Parameter(description = BACKUP_ID) @PathParam("id") String id) throws IOException {
        return restores.verify(Tables.require(name), id); // "latest" or an id, checked where it is looked up
    }

}
