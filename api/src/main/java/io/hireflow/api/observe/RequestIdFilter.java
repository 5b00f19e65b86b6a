package io.hireflow.api.observe;

import io.hireflow.api.config.HireflowConfig;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request an id before anything else runs (security included): put in the logging
 * context, echoed in the {@code X-Request-Id} response header, and written back into the request
 * header so that resources reading the header see the same id the logs and problems carry.
 */
@ApplicationScoped
public class RequestIdFilter {

    // Above the security handlers, so 401 and 403 answers carry the id too.
    private static final int PRIORITY = 10_000;
    private final boolean accessLog;

    RequestIdFilter(HireflowConfig config) {
        this.accessLog = config.observe().accessLog();
    }

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    private void assign(RoutingContext context) {
        String id = RequestIds.accept(context.request().getHeader(RequestIds.HEADER));
        long started = System.nanoTime();
        context.put(RequestIds.CONTEXT_KEY, id);
        context.request().headers().set(RequestIds.HEADER, id);
        context.response().putHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        if (accessLog && !context.normalizedPath().startsWith("/q/")) {
            context.addEndHandler(done -> {
                MDC.put(RequestIds.MDC_KEY, id);
                Log.infof("%s %s %d %d ms", context.request().method(), context.normalizedPath(),
                        context.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000);
            });
        }
        context.next();
    }
}
