package io.hireflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hireflow.api.database.LeaseBusyException;
import io.hireflow.api.database.TryAgainException;
import io.hireflow.api.failure.ConflictException;
import io.hireflow.api.failure.DomainException;
import io.hireflow.api.failure.InvalidRequestException;
import io.hireflow.api.failure.NotFoundException;
import io.hireflow.api.failure.TooLargeException;
import io.hireflow.api.failure.UnusableContentException;
import io.hireflow.api.observe.RequestIds;
import io.hireflow.api.storage.StorageException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into one problem+json shape; never leaks class names or stack traces. */
public class ProblemMapper {

    /**
     * Every refusal, the domain's and the edge's own: its kind decides the status, here and nowhere else. A
     * transient database failure, a commit whose outcome is unknown or a lost lease (TryAgainException) is a
     * 503 to send again later.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> refused(DomainException e, UriInfo uri) {
        int status = statusOf(e);
        if (status >= 500 && !(e instanceof TryAgainException) && !(e instanceof ProblemException)) {
            Log.errorf(e, "%s on %s", e.title(), uri.getPath());
        }
        return answer(e, status, uri);
    }

    /** Somebody else's exclusive operation (a restore, a history load) holds what this request needs. */
    @ServerExceptionMapper
    public RestResponse<Problem> leaseBusy(LeaseBusyException e, UriInfo uri) {
        return problem(ProblemException.busy(e.getMessage(), e.retryAfterSeconds()), uri);
    }

    private static RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        return answer(e, e.status(), uri);
    }

    private static RestResponse<Problem> answer(DomainException e, int status, UriInfo uri) {
        String requestId = RequestIds.current();
        if (requestId != null) {
            e.with("requestId", requestId);
        }
        RestResponse.ResponseBuilder<Problem> answer = RestResponse.ResponseBuilder
                .<Problem>create(status).entity(Problem.of(e, status, uri.getPath())).type(Problem.MEDIA_TYPE);
        if (e.retryAfterSeconds() != null) {
            answer.header("Retry-After", e.retryAfterSeconds());
        }
        return answer.build();
    }

    static int statusOf(DomainException e) {
        if (e instanceof ProblemException edge) {
            return edge.status();
        } else if (e instanceof InvalidRequestException) {
            return 400;
        } else if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof ConflictException) {
            return 409;
        } else if (e instanceof TooLargeException) {
            return 413;
        } else if (e instanceof UnusableContentException) {
            return 422;
        } else if (e instanceof TryAgainException) {
            return 503;
        }
        return 500;
    }

    /** The backup storage (a bucket) refused or did not answer: the detail says what to fix. */
    @ServerExceptionMapper
    public RestResponse<Problem> storage(StorageException e, UriInfo uri) {
        Log.warnf("Object storage %s on %s: %s", e.reason(), uri.getPath(), e.getMessage());
        ProblemException problem = switch (e.reason()) {
            case DENIED -> new ProblemException(502, "storage-denied", "The object store refused hireflow",
                    e.getMessage());
            case NO_BUCKET -> new ProblemException(502, "storage-bucket-missing", "The bucket does not exist",
                    e.getMessage());
            case UNAVAILABLE -> new ProblemException(503, "storage-unavailable", "The object store is unavailable",
                    e.getMessage()).retryAfter(30);
        };
        return problem(problem.with("storage", e.location()), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return problem(ProblemException.badRequest("malformed-json", "Malformed JSON",
                "The body is not valid JSON" + where + ": " + e.getOriginalMessage()), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jsonLimits(StreamConstraintsException e, UriInfo uri) {
        return problem(ProblemException.badRequest("json-limits", "JSON beyond limits",
                "The body breaks a JSON limit (nesting depth or string length): " + e.getOriginalMessage()), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidParameters(ConstraintViolationException e, UriInfo uri) {
        var fields = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        return problem(ProblemException.badRequest("invalid-request", "Invalid request",
                "The request has invalid values; see 'errors'").with("errors", fields), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "No endpoint at " + uri.getPath();
            case 405 -> "This endpoint does not accept that method";
            case 406 -> "This endpoint cannot answer in the media type asked for in Accept";
            case 413 -> "The body is too large";
            case 415 -> "Unsupported Content-Type; send application/json (or text/csv where the endpoint says so)";
            default -> status.getReasonPhrase();
        };
        return problem(new ProblemException(status.getStatusCode(), "http-" + status.getStatusCode(),
                status.getReasonPhrase(), detail), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> database(SQLException e, UriInfo uri) {
        if (connectionLost(e)) {
            Log.warnf("Database unreachable on %s: %s", uri.getPath(), e.getMessage());
            return problem(ProblemException.busy("The database cannot be reached right now; nothing was written",
                    5), uri);
        }
        Log.errorf(e, "Database error on %s", uri.getPath());
        return problem(new ProblemException(500, "database-error", "Database error",
                "The database refused the operation; nothing was written. The API log has the details."), uri);
    }

    @ServerExceptionMapper(priority = 5000)
    public RestResponse<Problem> unexpected(Exception e, UriInfo uri) {
        if (connectionLost(e)) {
            Log.warnf("Database unreachable on %s: %s", uri.getPath(), e.getMessage());
            return problem(ProblemException.busy("The database cannot be reached right now; retry shortly", 5), uri);
        }
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return problem(new ProblemException(500, "internal-error", "Internal error",
                "Something went wrong on our side; the API log has the details."), uri);
    }

    /** True when the database could not be reached, whichever layer (pool or driver) noticed. */
    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException
                    || (t instanceof SQLException sql && "08".equals(sqlClass(sql)))
                    || t.getClass().getName().endsWith("CommunicationsException")) {
                return true;
            }
        }
        // Agroal answers a pool that cannot create connections with a plain SQLException.
        return e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout");
    }

    private static String sqlClass(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().length() < 2 ? "" : e.getSQLState().substring(0, 2);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
