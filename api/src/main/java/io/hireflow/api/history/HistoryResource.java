package io.hireflow.api.history;

import io.hireflow.api.observe.ApiTags;
import io.hireflow.api.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
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

/** History loads of the departments, jobs and employees CSV files from the configured folder or bucket. */
@Path("/history/loads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.HISTORY)
@SecurityRequirement(name = "bearer", scopes = "admin")
public class HistoryResource {

    // Both POST methods are one operation in the OpenAPI document.
    static final String START_SUMMARY = "Start a history load";
    static final String START_DESCRIPTION = "Loads the departments, jobs and employees CSV files of the history "
            + "folder or bucket (hireflow.history.source), parents first, streamed and exactly once (a file already "
            + "loaded is SKIPPED). Answers at once "
            + "with the load's status and its Location; poll getHistoryLoad until it is no longer RUNNING. The body "
            + "is optional: no body (or {}) loads every table.";

    private final HistoryLoadService loads;

    HistoryResource(HistoryLoadService loads) {
        this.loads = loads;
    }

    /** Starts a load; an empty body loads every table. Answers 202 with the status to poll. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startHistoryLoad", summary = START_SUMMARY, description = START_DESCRIPTION)
    @RequestBody(required = false, description = "Which tables and how; every member is optional",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = HistoryLoadRequest.class)))
    @APIResponse(responseCode = "202", description = "The load started; poll the Location",
            headers = @Header(name = "Location", description = "The load's status: GET /history/loads/{id}",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = LoadStatus.class)))
    @APIResponse(responseCode = "400", description = "Invalid options (unknown table, maxRejectRatio outside 0-1, "
            + "negative maxRejects) or malformed JSON", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Another history load is running; the detail says which and "
            + "until when its lease holds", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "415", description = "A body that is not application/json",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "502", description = "The history files' bucket does not exist or refuses "
            + "hireflow's credentials; the detail says what to fix",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "The object store of the history files' bucket does not "
            + "answer; try again after Retry-After",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<LoadStatus> start(@Valid HistoryLoadRequest request, UriInfo uri) throws SQLException {
        LoadStatus status = loads.start(request == null ? HistoryLoadRequest.everything() : request);
        return RestResponse.ResponseBuilder.accepted(status)
                .location(uri.getAbsolutePathBuilder().path(status.id()).build())
                .build();
    }

    /** {@code POST /history/loads} with no body (e.g. {@code curl -X POST}), whatever its type: load every table. */
    @POST
    // The same operation as start (merged by SmallRye): one operationId, on start.
    @Operation(summary = START_SUMMARY, description = START_DESCRIPTION)
    @APIResponse(responseCode = "202", description = "The load started; poll the Location",
            content = @Content(schema = @Schema(implementation = LoadStatus.class)))
    public RestResponse<LoadStatus> startEverything(byte[] body, UriInfo uri) throws SQLException {
        if (body != null && body.length > 0) {
            throw new ProblemException(415, "http-415", "Unsupported Media Type", "Send the load's options as "
                    + "application/json, or no body at all to load every table");
        }
        return start(null, uri);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getHistoryLoad", summary = "Get a history load's progress or summary",
            description = "While it runs: rows read, inserted and rejected per table and rows per second, updated "
                    + "every second (any API replica answers). When it is done: the closing summary per table, with "
                    + "the rejected rows counted by rule. A load whose process died shows as INTERRUPTED; run it "
                    + "again.")
    @APIResponse(responseCode = "200", description = "The load",
            content = @Content(schema = @Schema(implementation = LoadStatus.class)))
    @APIResponse(responseCode = "404", description = "No load has this id", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public LoadStatus get(@Parameter(description = "The load's id, from startHistoryLoad or listHistoryLoads")
            @PathParam("id") String id) throws SQLException {
        return loads.status(id).orElseThrow(() -> ProblemException.notFound("load-not-found", "No such load",
                "There is no history load " + id));
    }

    /** The most recent loads, newest first. */
    @GET
    @Operation(operationId = "listHistoryLoads", summary = "List the most recent history loads, newest first",
            description = "The latest loads with their status and per-table counts.")
    @APIResponse(responseCode = "200", description = "The loads, newest first",
            content = @Content(schema = @Schema(implementation = LoadStatus.class, type = SchemaType.ARRAY)))
    public List<LoadStatus> recent(@Parameter(description = "How many loads (1-100)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100",
                    defaultValue = "20")) @QueryParam("limit") @DefaultValue("20") int limit) throws SQLException {
        return loads.recent(Math.max(1, Math.min(limit, 100)));
    }
}
