package io.hireflow.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.observe.RequestIds;
import io.hireflow.api.problem.Problem;
import io.hireflow.api.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes problem answers straight on the HTTP layer, for refusals that happen before any REST
 * resource runs (401, 403, 413): the same shape as {@link io.hireflow.api.problem.ProblemMapper}.
 */
@ApplicationScoped
public class HttpProblems {

    private final ObjectMapper json;

    HttpProblems(ObjectMapper json) {
        this.json = json;
    }

    public void send(RoutingContext context, int status, String slug, String title, String detail) {
        if (context.response().ended()) {
            return;
        }
        ProblemException refusal = new ProblemException(status, slug, title, detail);
        String requestId = RequestIds.of(context);
        if (requestId != null) {
            refusal.with("requestId", requestId);
        }
        Problem problem = Problem.of(refusal, status, context.normalizedPath());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
