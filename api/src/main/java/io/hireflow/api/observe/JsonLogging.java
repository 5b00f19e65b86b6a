package io.hireflow.api.observe;

import io.hireflow.api.config.HireflowConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.JsonFormatter;

/**
 * Switches the console and file logs to JSON lines when {@code hireflow.observe.json-logs=true}.
 * (quarkus-logging-json does not resolve from the Maven Central reachable here, so this uses the
 * log manager's own JSON formatter; lines logged before start-up stay in the pattern format.)
 */
@ApplicationScoped
public class JsonLogging {

    void onStart(@Observes StartupEvent start, HireflowConfig config) {
        if (!config.observe().jsonLogs()) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            switchToJson(handler);
        }
        Log.info("Logging as JSON lines");
    }

    private static void switchToJson(Handler handler) {
        if (handler instanceof org.jboss.logmanager.ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                switchToJson(child);
            }
        }
        handler.setFormatter(formatter());
    }

    /** One JSON object per line: timestamp, level, logger, message, MDC (so the request id), exception. */
    static JsonFormatter formatter() {
        JsonFormatter json = new JsonFormatter();
        json.setDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        json.setZoneId("UTC");
        json.setExceptionOutputType(JsonFormatter.ExceptionOutputType.FORMATTED);
        return json;
    }
}
