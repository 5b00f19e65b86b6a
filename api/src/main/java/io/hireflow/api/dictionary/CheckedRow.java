package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A row after checking: typed values in column order, every rule it broke, and the raw input
 * as received (kept for the rejects log).
 */
public record CheckedRow(Object[] values, List<Violation> violations, JsonNode raw) {

    public boolean valid() {
        return violations.isEmpty();
    }

    /** The id, or {@code null} when it could not be read. */
    public Integer id() {
        return (Integer) values[0];
    }
}
