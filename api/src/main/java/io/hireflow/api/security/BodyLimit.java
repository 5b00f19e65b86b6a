package io.hireflow.api.security;

import io.hireflow.api.config.HireflowConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length is over {@code quarkus.http.limits.max-body-size} with a 413
 * problem before it is read. (Vert.x enforces the same limit on chunked bodies, with a bare 413.)
 */
@ApplicationScoped
public class BodyLimit {

    // After the request id (10 000), before authentication: no point reading a body that is refused anyway.
    private static final int PRIORITY = 9_000;
    private final long maxBytes;
    private final int maxRows;
    private final HttpProblems problems;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, HireflowConfig config,
            HttpProblems problems) {
        this.maxBytes = max.asLongValue();
        this.maxRows = config.batch().maxRows();
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && declared(length) > maxBytes) {
            context.response().putHeader("Connection", "close");
            problems.send(context, 413, "body-too-large", "Body too large",
                    "The body has " + length + " bytes; at most " + maxBytes + " are accepted. Send at most "
                            + maxRows + " rows per request");
            return;
        }
        context.next();
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
