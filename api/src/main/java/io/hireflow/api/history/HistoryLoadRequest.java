package io.hireflow.api.history;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * What a migration engineer asks of a history load; every member is optional.
 *
 * @param tables which tables to load (default: all, parents first)
 * @param dryRun validate and report everything, write nothing
 * @param maxRejects roll a file back as a whole once more rows than this are rejected
 * @param maxRejectRatio roll a file back when rejected / read ends above this ratio
 */
public record HistoryLoadRequest(
        List<String> tables,
        Boolean dryRun,
        @PositiveOrZero(message = "maxRejects must be 0 or more") Long maxRejects,
        @DecimalMin(value = "0.0", message = "maxRejectRatio must be between 0 and 1")
        @DecimalMax(value = "1.0", message = "maxRejectRatio must be between 0 and 1") Double maxRejectRatio) {

    public static HistoryLoadRequest everything() {
        return new HistoryLoadRequest(null, null, null, null);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
