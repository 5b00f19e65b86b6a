package io.hireflow.api.rows;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.TableReads;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Rule;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.observe.ApiTags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The data dictionary as the API serves it, with each table's row count. */
@Path("/tables")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.TABLES)
@SecurityRequirement(name = "bearer", scopes = "reader")
public class TablesResource {

    /** A column as clients see it. */
    public record ColumnInfo(String name, ColumnType type, Integer maxLength, String references, List<Rule> rules) {
    }

    /** A table as clients see it; {@code maxBatchRows} is the most rows one POST to its rows takes. */
    public record TableInfo(String name, List<ColumnInfo> columns, long rows,
            @Schema(description = "The most rows one POST /tables/{table}/rows takes (hireflow.batch.max-rows); "
                    + "clients size their batches by it") int maxBatchRows) {
    }

    private final TableReads reads;
    private final int maxBatchRows;

    TablesResource(TableReads reads, HireflowConfig config) {
        this.reads = reads;
        this.maxBatchRows = config.batch().maxRows();
    }

    @GET
    @Operation(operationId = "listTables", summary = "List the tables with their columns, rules and row counts",
            description = "The data dictionary as the API enforces it: every table in parent-first order (the order "
                    + "history loads and restores follow), each column's type, maximum length, referenced table and "
                    + "the rules a row is checked against, the number of rows the table holds now, and the most rows one batch may hold.")
    @APIResponse(responseCode = "200", description = "The tables in parent-first order", content = @Content(
            schema = @Schema(implementation = TableInfo.class, type = SchemaType.ARRAY)))
    public List<TableInfo> list() throws SQLException {
        List<TableInfo> tables = new ArrayList<>();
        for (Table table : Table.values()) {
            tables.add(info(table));
        }
        return tables;
    }

    @GET
    @Path("/{table}")
    @Operation(operationId = "getTable", summary = "Get one table with its columns, rules and row count",
            description = "One entry of the data dictionary: the columns in CSV order with their types and rules, "
                    + "and the number of rows the table holds now.")
    @APIResponse(responseCode = "200", description = "The table",
            content = @Content(schema = @Schema(implementation = TableInfo.class)))
    @APIResponse(responseCode = "404", description = "Unknown table; the answer lists the known ones",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public TableInfo get(@PathParam("table") String name) throws SQLException {
        Table table = Tables.require(name);
        return info(table);
    }

    private TableInfo info(Table table) throws SQLException {
        List<ColumnInfo> columns = table.columns().stream()
                .map(c -> new ColumnInfo(c.name(), c.type(), c.maxLength() > 0 ? c.maxLength() : null,
                        c.references() == null ? null : c.references().tableName(), c.rules()))
                .toList();
        return new TableInfo(table.tableName(), columns, reads.count(table), maxBatchRows);
    }
}
