package io.hireflow.api.observe;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/** The id of the current request: the caller's {@code X-Request-Id} when it is sane, else a new UUID. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String CONTEXT_KEY = "hireflow.requestId";
    // Anything else could forge log lines or blow up headers, so it is replaced, not echoed.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,100}");

    private RequestIds() {
    }

    /** The caller's id if it is 1–100 characters of letters, digits and {@code . _ : -}; a new UUID otherwise. */
    public static String accept(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** The id given to this request by {@link RequestIdFilter}, or {@code null} outside a request. */
    public static String of(RoutingContext context) {
        Object id = context.get(CONTEXT_KEY);
        return id == null ? context.request().getHeader(HEADER) : id.toString();
    }

    /** The id of the request being served on this thread, from the logging context, or {@code null}. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
