package io.hireflow.api.security;

import io.hireflow.api.config.HireflowConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Answers refusals raised on the HTTP layer (403 from the path policies, 413 from the body limit) as problems. */
@ApplicationScoped
public class HttpRefusals {

    private final int maxRows;
    private final HttpProblems problems;

    HttpRefusals(HireflowConfig config, HttpProblems problems) {
        this.maxRows = config.batch().maxRows();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof ForbiddenException) {
            problems.send(context, 403, "forbidden", "Forbidden",
                    "Your token's role does not allow " + context.request().method().name() + " "
                            + context.normalizedPath() + "; reader may read, writer may also post rows, admin may "
                            + "also run history loads, backups, restores and report rendering");
        } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            problems.send(context, 401, "unauthorized", "Authentication required",
                    "Send a valid token: Authorization: Bearer <token>");
        } else if (context.statusCode() == 413) {
            problems.send(context, 413, "http-413", "Request Entity Too Large",
                    "The body is too large; send at most " + maxRows + " rows per request");
        } else {
            context.next();
        }
    }
}
