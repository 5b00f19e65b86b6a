package io.hireflow.api.rows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.api.dictionary.Violation;
import java.util.List;

/**
 * What happened to every row of a batch: how many arrived and were inserted, and each rejected
 * row with its index (and CSV line), the row as sent, and every rule it broke.
 */
public record BatchResult(String table, String requestId, boolean atomic, int received, int inserted,
        List<RejectedRow> rejected) {

    /** One row that was not inserted. {@code line} is set for CSV bodies only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RejectedRow(int index, Long line, JsonNode row, List<Violation> errors) {
    }

    /** 201 all inserted, 200 some rejected, 422 none inserted. */
    public int httpStatus() {
        if (inserted == received) {
            return 201;
        }
        return inserted > 0 ? 200 : 422;
    }
}
