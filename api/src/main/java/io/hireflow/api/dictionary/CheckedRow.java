package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * A row after checking: typed values in column order, every rule it broke, and the raw input
 * as received (kept for the rejects log, built only when asked for: most rows never need it).
 */
public record CheckedRow(Object[] values, List<Violation> violations, Supplier<JsonNode> source) {

    public boolean valid() {
        return violations.isEmpty();
    }

    /** The id, or {@code null} when it could not be read. */
    public Integer id() {
        return (Integer) values[0];
    }

    /** The row as it was sent: a JSON object by column name (or the CSV fields as an array). */
    public JsonNode raw() {
        return source.get();
    }
}
