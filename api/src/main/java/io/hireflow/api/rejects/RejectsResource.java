package io.hireflow.api.rejects;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.observe.ApiTags;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rejects log of a table, newest first, a page at a time. */
@Path("/tables/{table}/rejects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.REJECTS)
@SecurityRequirement(name = "bearer", scopes = "reader")
public class RejectsResource {

    /** One page of rejects. */
    public record Page(String table, int page, int size, long total, List<JsonNode> items) {
    }

    private final RejectsLog log;

    RejectsResource(RejectsLog log) {
        this.log = log;
    }

    @GET
    @Operation(operationId = "listRejects", summary = "List a table's rejected rows, newest first",
            description = "The rejects log of a table, a page at a time: every row a history load or a batch did "
                    + "not insert, when, where it came from (file and line, or request and index), the row as sent "
                    + "and every rule it broke. total counts every reject of the table.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = Page.class), examples = @ExampleObject(name = "page", value = """
                    {"table": "employees", "page": 0, "size": 50, "total": 1, "items": [
                      {"id": 17, "at": "2026-11-21T09:15:31.312Z",
                       "source": {"kind": "batch", "request": "3f1c2a9e-6f1d-4c55-9d7e-0b6f2f1f7a10", "index": 1},
                       "row": {"employee_id": 4572, "employee_name": " "},
                       "errors": [{"field": "employee_name", "rule": "not_blank", "message": "employee_name is blank"}]}]}""")))
    @APIResponse(responseCode = "400", description = "page < 0 or size outside 1..1000",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown table",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Page list(@PathParam("table") String name,
            @Parameter(description = "The page, from 0 (the newest rejects)") @QueryParam("page") @DefaultValue("0")
            @Min(0) int page,
            @Parameter(description = "Rejects per page") @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000)
            int size) throws SQLException {
        Table table = Tables.require(name);
        return new Page(table.tableName(), page, size, log.count(table), log.newestFirst(table, page, size));
    }
}
