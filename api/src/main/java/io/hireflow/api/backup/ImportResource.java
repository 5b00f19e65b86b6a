package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.observe.ApiTags;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Imports an Avro file written elsewhere as a backup of a table, or says what an import would do. */
@Path("/tables/{table}/backups/import")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.BACKUPS)
@SecurityRequirement(name = "bearer", scopes = "admin")
public class ImportResource {

    private static final String PROBLEM = "application/problem+json";

    private final ImportService imports;

    ImportResource(ImportService imports) {
        this.imports = imports;
    }

    @POST
    @Consumes({ BackupsResource.AVRO, MediaType.APPLICATION_OCTET_STREAM })
    @Operation(operationId = "importBackup", summary = "Import an Avro file written elsewhere as a backup",
            description = "The body is an Avro object container file from any writer (fastavro, Spark, Sqoop, Kafka "
                    + "Connect, another hireflow), any codec. It is streamed to the shared folder (up to "
                    + "hireflow.backup.import-max-size, 4 GB by default), its fields are mapped onto the table's "
                    + "columns by name (int or long ids within 32 bits; ISO-8601 strings, timestamp-millis or "
                    + "timestamp-micros for instants; [\"null\", T] unions as long as no value is null; any record "
                    + "name), every block is decoded and every row checked against the data dictionary. A file that "
                    + "passes is rewritten in hireflow's schema as a backup like any other (restore it with "
                    + "restoreTable); its metadata names the origin schema and the mapping. With dryRun=true the "
                    + "answer says what would happen and nothing is stored.")
    @RequestBody(required = true, content = {
            @Content(mediaType = BackupsResource.AVRO, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "201", description = "The file became a backup",
            headers = @Header(name = "Location", description = "The new backup's metadata",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = ImportResult.class)))
    @APIResponse(responseCode = "200", description = "Dry run: the file would become a backup; nothing was stored",
            content = @Content(schema = @Schema(implementation = ImportResult.class)))
    @APIResponse(responseCode = "404", description = "Unknown table; the answer lists the known ones",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "The file is larger than hireflow.backup.import-max-size; "
            + "nothing was stored", content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "Not an Avro data file (not-avro), a block that cannot be "
            + "decoded (corrupt-avro), fields that cannot be mapped, each named with the reason (unmappable-avro), or "
            + "rows that break the dictionary: the first ones with row number, values and rules, and the total "
            + "(invalid-rows). Nothing was stored", content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    public RestResponse<ImportResult> importFile(@PathParam("table") String name,
            @Parameter(description = "Check everything, store nothing") @QueryParam("dryRun") boolean dryRun,
            InputStream body, UriInfo uri) throws IOException {
        ImportResult result = imports.importFile(Tables.require(name), body, dryRun);
        if (result.dryRun()) {
            return RestResponse.ok(result);
        }
        return RestResponse.ResponseBuilder.<ImportResult>created(uri.getBaseUriBuilder().path("tables")
                .path(result.table()).path("backups").path(result.backup().id()).build()).entity(result).build();
    }
}
