package io.hireflow.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.TableReads;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.idempotency.Fingerprint;
import io.hireflow.api.idempotency.IdempotencyKey;
import io.hireflow.api.observe.ApiTags;
import io.hireflow.api.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Batches of new rows for any table, and single rows by id. */
@Path("/tables/{table}/rows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.ROWS)
public class RowsResource {

    // One operation in the OpenAPI document for both bodies; its body schema and row examples are derived from the
    // data dictionary by OpenApiDocumentation.
    static final String POST_ROWS_SUMMARY = "Post a batch of 1 to 1000 rows";
    static final String POST_ROWS_DESCRIPTION = "Each row is checked on its own against every rule of the data "
            + "dictionary; the valid rows are inserted in one transaction and every rejected row is listed with all "
            + "the rules it broke (and kept in the rejects log). With atomic=true nothing is inserted unless every "
            + "row is valid. The body is a JSON array of row objects, or headerless CSV (Content-Type text/csv, "
            + "columns in dictionary order, RFC 4180 quoting; rejected rows then carry their line).";
    static final String BAD_REQUEST_EXAMPLE = """
            {"type": "https://hireflow.io/problems/batch-size", "title": "Batch size out of range", "status": 400,
             "detail": "The batch has more than 1000 rows; send between 1 and 1000 rows per request",
             "instance": "/tables/employees/rows", "minRows": 1, "maxRows": 1000,
             "requestId": "3f1c2a9e-6f1d-4c55-9d7e-0b6f2f1f7a10"}""";

    static final String CSV = "text/csv";
    static final String RETRYABLE_DOC = "Nothing written, try again after Retry-After: the table is being restored, "
            + "or the database reported a transient failure (deadlock, lock wait timeout, lost connection) on every "
            + "attempt; the detail names the cause. Resend with the same Idempotency-Key.";
    static final String IDEMPOTENCY_KEY_DOC = "Your key for this batch (IETF httpapi draft), e.g. \"emp.csv-3-9f2c\": "
            + "a repeat with the same key and body answers what the first request answered (with Idempotent-Replayed: "
            + "true) and writes nothing; the same key with another body is a 422. A repeat sent while the first is "
            + "still running waits for it, then replays. Keys are kept 24 hours (hireflow.idempotency.keep).";

    private final BatchService batches;
    private final TableReads reads;
    private final ObjectMapper json;
    private final int maxRows;

    RowsResource(BatchService batches, TableReads reads, ObjectMapper json, HireflowConfig config) {
        this.batches = batches;
        this.reads = reads;
        this.json = json;
        this.maxRows = config.batch().maxRows();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "postRows", summary = POST_ROWS_SUMMARY, description = POST_ROWS_DESCRIPTION)
    @SecurityRequirement(name = "bearer", scopes = "writer")
    @APIResponse(responseCode = "201", description = "Every row was inserted",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "200", description = "Some rows were inserted, the others rejected (listed)",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "422", description = "No row was inserted: every row was rejected, or atomic=true "
            + "and at least one was (a batch result); or the Idempotency-Key was used for another request (a problem)", content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, not an array, 0 or more than 1000 rows, or a "
            + "JSON limit broken; nothing written", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "Problem"), examples = @ExampleObject(name = "batch-size",
                            value = BAD_REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "Unknown table; the answer lists the known ones",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "Body over 2 MB",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = RETRYABLE_DOC,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<BatchResult> postJson(@Parameter(description = "departments, jobs or employees",
            example = "employees") @PathParam("table") String name,
            @Parameter(description = "Insert nothing unless every row is valid") @QueryParam("atomic") boolean atomic,
            @Parameter(description = "Your id for this request (else one is generated); echoed in the answer, "
                    + "the X-Request-Id header, the logs and the rejects log") @HeaderParam("X-Request-Id")
            String requestId,
            @Parameter(description = IDEMPOTENCY_KEY_DOC) @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            InputStream body) throws IOException, SQLException {
        Table table = Tables.require(name);
        Optional<IdempotencyKey> key = IdempotencyKey.parse(idempotencyKey);
        Fingerprint fingerprint = fingerprint(table, atomic, MediaType.APPLICATION_JSON, body);
        JsonNode array = json.readTree(fingerprint.body());
        if (array == null || !array.isArray()) {
            throw ProblemException.badRequest("not-an-array", "Body is not a JSON array",
                    "Send a JSON array of 1 to " + maxRows + " row objects, e.g. [{\"" + table.idColumn().name()
                            + "\": 1, ...}]");
        }
        checkSize(array.size());
        RowValidator validator = RowValidator.rowRulesOnly(table); // relations: in the batch's transaction
        List<CheckedRow> rows = new ArrayList<>(array.size());
        array.forEach(node -> rows.add(validator.json(node)));
        // Never blank: RequestIdFilter sets X-Request-Id (the caller's if sane, else a UUID) before resources run.
        return answer(batches.insert(table, rows, null, atomic, requestId, key, fingerprint.finish()));
    }

    @POST
    @Consumes(CSV)
    // The same operation as postJson (SmallRye merges the two request types): one operationId, on postJson.
    @Operation(summary = POST_ROWS_SUMMARY, description = POST_ROWS_DESCRIPTION)
    @SecurityRequirement(name = "bearer", scopes = "writer")
    @APIResponse(responseCode = "201", description = "Every row was inserted",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "200", description = "Some rows were inserted, the others rejected (listed)",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "422", description = "No row was inserted",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed CSV or batch size out of range; nothing written",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = RETRYABLE_DOC,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<BatchResult> postCsv(@PathParam("table") String name, @QueryParam("atomic") boolean atomic,
            @HeaderParam("X-Request-Id") String requestId,
            @Parameter(description = IDEMPOTENCY_KEY_DOC) @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            InputStream body) throws IOException, SQLException {
        Table table = Tables.require(name);
        Optional<IdempotencyKey> key = IdempotencyKey.parse(idempotencyKey);
        Fingerprint fingerprint = fingerprint(table, atomic, CSV, body);
        RowValidator validator = RowValidator.rowRulesOnly(table); // relations: in the batch's transaction
        List<CheckedRow> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true)
                .ofCsvRecord(fingerprint.body(), StandardCharsets.UTF_8)) {
            for (CsvRecord record : csv) {
                if (rows.size() == maxRows) {
                    checkSize(maxRows + 1);
                }
                rows.add(validator.csv(record.getFields()));
                lines.add(record.getStartingLineNumber());
            }
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw ProblemException.badRequest("malformed-csv", "Malformed CSV", "The body is not valid CSV: "
                    + e.getMessage());
        }
        checkSize(rows.size());
        return answer(batches.insert(table, rows, lines, atomic, requestId, key, fingerprint.finish()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRow", summary = "Get one row by id",
            description = "The row's columns as JSON members named like the columns; instants as 2021-07-27T16:02:08Z.")
    @SecurityRequirement(name = "bearer", scopes = "reader")
    @APIResponse(responseCode = "200", description = "The row")
    @APIResponse(responseCode = "404", description = "Unknown table or no row with that id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "400", description = "The id is not a whole number",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Map<String, Object> get(@PathParam("table") String name,
            @Parameter(description = "The row's id (its first column)",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1")) @PathParam("id") String id)
            throws SQLException {
        Table table = Tables.require(name);
        int key;
        try {
            key = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-id", "Invalid id",
                    "'" + id + "' is not a valid " + table.idColumn().name() + "; ids are whole numbers");
        }
        return reads.findById(table, key).orElseThrow(() -> ProblemException.notFound("row-not-found",
                "Row not found", "No row in " + table + " has " + table.idColumn().name() + " " + key));
    }

    private void checkSize(int size) {
        if (size < 1 || size > maxRows) {
            throw ProblemException.badRequest("batch-size", "Batch size out of range",
                    (size < 1 ? "The batch is empty" : "The batch has more than " + maxRows + " rows")
                            + "; send between 1 and " + maxRows + " rows per request")
                    .with("minRows", 1).with("maxRows", maxRows);
        }
    }

    /** What identifies this request for its Idempotency-Key: the table, the options, the media type and the body. */
    private static Fingerprint fingerprint(Table table, boolean atomic, String mediaType, InputStream body) {
        return new Fingerprint("POST", "/tables/" + table.tableName() + "/rows", "atomic=" + atomic, mediaType, body);
    }

    private static RestResponse<BatchResult> answer(BatchService.Answer answer) {
        RestResponse.ResponseBuilder<BatchResult> response = RestResponse.ResponseBuilder
                .<BatchResult>create(answer.result().httpStatus()).entity(answer.result());
        if (answer.replayed()) {
            response.header(IdempotencyKey.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
