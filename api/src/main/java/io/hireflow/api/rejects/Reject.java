package io.hireflow.api.rejects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.time.Instant;
import java.util.List;

/**
 * One rejected row as the rejects log keeps it.
 *
 * @param table the table it was meant for
 * @param source {@code history} or {@code batch}
 * @param origin the file name, or the request id of the batch
 * @param position the line in the file, or the index in the batch
 * @param row the raw row as received
 * @param errors every rule it broke
 */
public record Reject(Instant at, Table table, String source, String origin, long position, JsonNode row,
        List<Violation> errors) {

    public static final String HISTORY = "history";
    public static final String BATCH = "batch";

    /** Where a reject came from, as the log and the API show it: file and line, or request and index. */
    public static ObjectNode source(ObjectMapper json, String kind, String origin, long position) {
        ObjectNode source = json.createObjectNode();
        source.put("kind", kind);
        if (HISTORY.equals(kind)) {
            source.put("file", origin);
            source.put("line", position);
        } else {
            source.put("request", origin);
            source.put("index", position);
        }
        return source;
    }
}
