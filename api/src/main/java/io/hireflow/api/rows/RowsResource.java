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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Batches of new rows for any table, and single rows by id. */
@Path("/tables/{table}/rows")
@Produces(MediaType.APPLICATION_JSON)
public class RowsResource {

    static final String CSV = "text/csv";

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
    public RestResponse<BatchResult> postJson(@PathParam("table") String name, @QueryParam("atomic") boolean atomic,
            @HeaderParam("X-Request-Id") String requestId, InputStream body) throws IOException, SQLException {
        Table table = Tables.require(name);
        JsonNode array = json.readTree(body);
        if (array == null || !array.isArray()) {
            throw ProblemException.badRequest("not-an-array", "Body is not a JSON array",
                    "Send a JSON array of 1 to " + maxRows + " row objects, e.g. [{\"" + table.idColumn().name()
                            + "\": 1, ...}]");
        }
        checkSize(array.size());
        RowChecker checker = new RowChecker(table);
        List<CheckedRow> rows = new ArrayList<>(array.size());
        array.forEach(node -> rows.add(checker.checkJson(node)));
        return answer(batches.insert(table, rows, null, atomic, requestId(requestId)));
    }

    @POST
    @Consumes(CSV)
    public RestResponse<BatchResult> postCsv(@PathParam("table") String name, @QueryParam("atomic") boolean atomic,
            @HeaderParam("X-Request-Id") String requestId, InputStream body) throws IOException, SQLException {
        Table table = Tables.require(name);
        RowChecker checker = new RowChecker(table);
        List<CheckedRow> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true)
                .ofCsvRecord(body, StandardCharsets.UTF_8)) {
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
        return answer(batches.insert(table, rows, lines, atomic, requestId(requestId)));
    }

    @GET
    @Path("/{id}")
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

    private static RestResponse<BatchResult> answer(BatchResult result) {
        return RestResponse.ResponseBuilder.<BatchResult>create(result.httpStatus()).entity(result).build();
    }

    private static String requestId(String given) {
        return given == null || given.isBlank() ? UUID.randomUUID().toString() : given;
    }
}
