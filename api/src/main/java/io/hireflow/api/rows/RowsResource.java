package io.hireflow.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.RowChecker;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.idempotency.Fingerprint;
import io.hireflow.api.idempotency.IdempotencyKey;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Batches of new rows for any table, and single rows by id. */
@Path("/tables/{table}/rows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rows", description = "New rows in batches of 1 to 1000 (role writer); single rows by id (role reader)")
public class RowsResource {

    static final String BATCH_EXAMPLE = """
            [{"employee_id": 4535, "employee_name": "Marcelo Gonzalez", "hiring_date": "2021-07-27T16:02:08Z",
              "department_id": 1, "job_id": 2},
             {"employee_id": 4572, "employee_name": " ", "hiring_date": "2021-07-27T16:02:08Z",
              "department_id": 1, "job_id": 2}]""";
    static final String PARTIAL_EXAMPLE = """
            {"table": "employees", "requestId": "3f1c2a9e-6f1d-4c55-9d7e-0b6f2f1f7a10", "atomic": false,
             "received": 2, "inserted": 1,
             "rejected": [{"index": 1, "row": {"employee_id": 4572, "employee_name": " ",
               "hiring_date": "2021-07-27T16:02:08Z", "department_id": 1, "job_id": 2},
               "errors": [{"field": "employee_name", "rule": "not_blank", "message": "employee_name is blank"}]}]}""";
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
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final int maxRows;

    RowsResource(BatchService batches, AgroalDataSource dataSource, ObjectMapper json, HireflowConfig config) {
        this.batches = batches;
        this.dataSource = dataSource;
        this.json = json;
        this.maxRows = config.batch().maxRows();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post a batch of rows as a JSON array",
            description = "Each row is checked on its own against the data dictionary; the valid rows are inserted "
                    + "in one transaction and every rejected row is listed with all the rules it broke (and kept in "
                    + "the rejects log). With atomic=true nothing is inserted unless every row is valid.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "employees", value = BATCH_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Every row was inserted",
            content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "200", description = "Some rows were inserted, the others rejected (listed)",
            content = @Content(schema = @Schema(implementation = BatchResult.class),
                    examples = @ExampleObject(name = "partial", value = PARTIAL_EXAMPLE)))
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
        RowChecker checker = new RowChecker(table);
        List<CheckedRow> rows = new ArrayList<>(array.size());
        array.forEach(node -> rows.add(checker.checkJson(node)));
        // Never blank: RequestIdFilter sets X-Request-Id (the caller's if sane, else a UUID) before resources run.
        return answer(batches.insert(table, rows, null, atomic, requestId, key, fingerprint.finish()));
    }

    @POST
    @Consumes(CSV)
    @Operation(summary = "Post a batch of rows as headerless CSV",
            description = "Columns in dictionary order (see GET /tables); RFC 4180 quoting. Rejected rows carry "
                    + "their CSV line. Same answers as the JSON variant.")
    @RequestBody(content = @Content(mediaType = CSV, examples = @ExampleObject(name = "departments",
            value = "1,Product Management\n2,Sales\n")))
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
        RowChecker checker = new RowChecker(table);
        List<CheckedRow> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true)
                .ofCsvRecord(fingerprint.body(), StandardCharsets.UTF_8)) {
            for (CsvRecord record : csv) {
                if (rows.size() == maxRows) {
                    checkSize(maxRows + 1);
                }
                rows.add(checker.checkFields(record.getFields()));
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
    @Operation(summary = "One row by id", description = "Columns as JSON members; instants as 2021-07-27T16:02:08Z.")
    @APIResponse(responseCode = "200", description = "The row", content = @Content(examples = @ExampleObject(
            name = "employee", value = "{\"employee_id\": 4535, \"employee_name\": \"Marcelo Gonzalez\", "
                    + "\"hiring_date\": \"2021-07-27T16:02:08Z\", \"department_id\": 1, \"job_id\": 2}")))
    @APIResponse(responseCode = "404", description = "Unknown table or no row with that id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "400", description = "The id is not a whole number",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Map<String, Object> get(@PathParam("table") String name, @PathParam("id") String id) throws SQLException {
        Table table = Tables.require(name);
        int key;
        try {
            key = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-id", "Invalid id",
                    "'" + id + "' is not a valid " + table.idColumn().name() + "; ids are whole numbers");
        }
        try (Connection connection = dataSource.getConnection()) {
            return TableRows.findById(connection, table, key).orElseThrow(() -> ProblemException.notFound(
                    "row-not-found", "Row not found", "No row in " + table + " has " + table.idColumn().name()
                            + " " + key));
        }
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
