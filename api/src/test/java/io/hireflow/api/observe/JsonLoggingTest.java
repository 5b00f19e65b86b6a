package io.hireflow.api.observe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

/** The JSON log format, when switched on, writes one parseable line with the request id. */
class JsonLoggingTest {

    @Test
    void aLineIsJsonWithTheRequestId() {
        MDC.put(RequestIds.MDC_KEY, "json-1");
        try {
            ExtLogRecord record = new ExtLogRecord(Level.INFO, "batch \"quoted\" done", JsonLoggingTest.class.getName());
            record.setLoggerName("io.hireflow.api.rows");
            String line = JsonLogging.formatter().format(record);
            assertTrue(line.startsWith("{") && line.strip().endsWith("}"), line);
            assertTrue(line.contains("\"requestId\":\"json-1\""), line);
            assertTrue(line.contains("batch \\\"quoted\\\" done"), line);
            assertTrue(line.strip().lines().count() == 1, "one line per record: " + line);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
