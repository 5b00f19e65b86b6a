package io.hireflow.api.security;

import io.hireflow.api.config.HireflowConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Holds each route to its body limit: a backup import to {@code hireflow.backup.import-max-size}, every
 * other route to {@code hireflow.limits.max-body-size}.
 *
 * <p>Quarkus has one limit for all routes ({@code quarkus.http.limits.max-body-size}); it is set to the largest
 * (the import's) and this filter applies the smaller ones: a declared length over the limit is refused with a
 * 413 problem before the body is read, and a chunked body is capped through the same context key Quarkus uses
 * for its own limit (its body stream then fails with a bare 413 past it).
 */
@ApplicationScoped
public class BodyLimit {

    /** Quarkus's key for the most a body without Content-Length may carry (VertxInputStream reads it). */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    // After the request id (10 000), before authentication: no point reading a body that is refused anyway.
    private static final int PRIORITY = 9_000;
    // Routes are ordered by -priority: 1 runs after Quarkus's own limit handler (order -2), which sets the key.
    private static final int AFTER_QUARKUS_LIMIT = 1;
    private static final long IMPORT_SLACK = 1 << 20;
    private static final Pattern IMPORT = Pattern.compile("/tables/[^/]+/backups/import/?");

    private final long maxBytes;
    private final long importMaxBytes;
    private final int maxRows;
    private final HttpProblems problems;

    BodyLimit(HireflowConfig config, HttpProblems problems) {
        this.maxBytes = config.limits().maxBodySize().asLongValue();
        this.importMaxBytes = config.backup().importMaxSize().asLongValue();
        this.maxRows = config.batch().maxRows();
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
        filters.register(this::capChunked, AFTER_QUARKUS_LIMIT);
    }

    private boolean isImport(RoutingContext context) {
        return context.request().method() == HttpMethod.POST && IMPORT.matcher(context.normalizedPath()).matches();
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        boolean isImport = isImport(context);
        long limit = isImport ? importMaxBytes : maxBytes;
        if (length != null && declared(length) > limit) {
            context.response().putHeader("Connection", "close");
            problems.send(context, 413, "body-too-large", "Body too large",
                    "The body has " + length + " bytes; at most " + limit + " are accepted"
                            + (isImport ? " for an import (hireflow.backup.import-max-size)"
                                    : ". Send at most " + maxRows + " rows per request"));
            return;
        }
        context.next();
    }

    private void capChunked(RoutingContext context) {
        if (context.request().getHeader("Content-Length") == null) {
            // An import counts its own bytes and refuses past its limit with a problem answer; the stream's cap,
            // a little higher, only stops a body the import would not be reading.
            context.put(MAX_REQUEST_SIZE_KEY, isImport(context) ? importMaxBytes + IMPORT_SLACK : maxBytes);
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
