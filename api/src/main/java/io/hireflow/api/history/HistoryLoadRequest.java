package io.hireflow.api.history;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * What a migration engineer asks of a history load; every member is optional.
 *
 * @param tables which tables to load (default: all, parents first)
 * @param dryRun validate and report everything, write nothing
 * @param maxRejects load nothing from a file with more rejected rows than this (judged before loading)
 * @param maxRejectRatio load nothing from a file whose rejected / read ratio is above this
 * @param chunkRows rows per chunk for this load (tuning and benchmarks; default hireflow.history.chunk-rows)
 * @param parallelChunks chunks written at once for this load (default hireflow.history.parallel-chunks)
 */
public record HistoryLoadRequest(
        List<String> tables,
        Boolean dryRun,
        @PositiveOrZero(message = "maxRejects must be 0 or more") Long maxRejects,
        @DecimalMin(value = "0.0", message = "maxRejectRatio must be between 0 and 1")
        @DecimalMax(value = "1.0", message = "maxRejectRatio must be between 0 and 1") Double maxRejectRatio,
        @Min(value = 100, message = "chunkRows must be between 100 and 10000000")
        @Max(value = 10_000_000, message = "chunkRows must be between 100 and 10000000") Integer chunkRows,
        @Min(value = 1, message = "parallelChunks must be between 1 and 16")
        @Max(value = 16, message = "parallelChunks must be between 1 and 16") Integer parallelChunks) {

    public static HistoryLoadRequest everything() {
        return new HistoryLoadRequest(null, null, null, null, null, null);
    }

    /** Whether the file is judged as a whole (maxRejects, maxRejectRatio) before any of it is loaded. */
    public boolean hasRejectLimits() {
        return maxRejects != null || maxRejectRatio != null;
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
