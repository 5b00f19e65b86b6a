package io.hireflow.api.rejects;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
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

/** The rejects log of a table, newest first, a page at a time. */
@Path("/tables/{table}/rejects")
@Produces(MediaType.APPLICATION_JSON)
public class RejectsResource {

    /** One page of rejects. */
    public record Page(String table, int page, int size, long total, List<JsonNode> items) {
    }

    private final RejectsLog log;

    RejectsResource(RejectsLog log) {
        this.log = log;
    }

    @GET
    public Page list(@PathParam("table") String name,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) throws SQLException {
        Table table = Tables.require(name);
        return new Page(table.tableName(), page, size, log.count(table), log.newestFirst(table, page, size));
    }
}
