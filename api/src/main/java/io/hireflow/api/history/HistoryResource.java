package io.hireflow.api.history;

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
import org.jboss.resteasy.reactive.RestResponse;

/** History loads of the departments, jobs and employees CSV files from the configured folder. */
@Path("/history/loads")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final HistoryLoadService loads;

    HistoryResource(HistoryLoadService loads) {
        this.loads = loads;
    }

    /** Starts a load; an empty body loads every table. Answers 202 with the status to poll. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<LoadStatus> start(@Valid HistoryLoadRequest request, UriInfo uri) throws SQLException {
        LoadStatus status = loads.start(request == null ? HistoryLoadRequest.everything() : request);
        return RestResponse.ResponseBuilder.accepted(status)
                .location(uri.getAbsolutePathBuilder().path(status.id()).build())
                .build();
    }

    /** {@code POST /history/loads} with no body (e.g. {@code curl -X POST}), whatever its type: load every table. */
    @POST
    public RestResponse<LoadStatus> startEverything(byte[] body, UriInfo uri) throws SQLException {
        if (body != null && body.length > 0) {
            throw new ProblemException(415, "http-415", "Unsupported Media Type", "Send the load's options as "
                    + "application/json, or no body at all to load every table");
        }
        return start(null, uri);
    }

    @GET
    @Path("/{id}")
    public LoadStatus get(@PathParam("id") String id) throws SQLException {
        return loads.status(id).orElseThrow(() -> ProblemException.notFound("load-not-found", "No such load",
                "There is no history load " + id));
    }

    /** The most recent loads, newest first. */
    @GET
    public List<LoadStatus> recent(@QueryParam("limit") @DefaultValue("20") int limit) throws SQLException {
        return loads.recent(Math.max(1, Math.min(limit, 100)));
    }
}
