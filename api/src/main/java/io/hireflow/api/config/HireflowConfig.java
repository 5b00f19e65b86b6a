package io.hireflow.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Every {@code hireflow.*} setting, each overridable by its environment variable (e.g. HIREFLOW_SHARED_DIR). */
@ConfigMapping(prefix = "hireflow")
public interface HireflowConfig {

    /** The shared volume: holds backups/, rejects/, deliverables/, logs/ and, by default, history/. */
    @WithDefault("shared")
    Path sharedDir();

    /** Seconds a writer waits for another writer of the same table before answering 503. */
    @WithDefault("10")
    int lockTimeoutSeconds();

    History history();

    Batch batch();

    /** History loads of the departments, jobs and employees CSV files. */
    interface History {
        /** Folder holding departments.csv, jobs.csv and employees.csv (history_*.csv also found). */
        @WithDefault("${hireflow.shared-dir}/history")
        Path dir();

        /** Load every table from {@link #dir()} when the API starts (the seed system's behaviour). */
        @WithDefault("false")
        boolean loadOnStart();
    }

    /** Batches of new rows posted by clients. */
    interface Batch {
        /** Most rows accepted in one request. */
        @WithDefault("1000")
        int maxRows();
    }

    default Path rejectsDir() {
        return sharedDir().resolve("rejects");
    }

    default Path backupsDir() {
        return sharedDir().resolve("backups");
    }

    default Path deliverablesDir() {
        return sharedDir().resolve("deliverables");
    }

    default Path logsDir() {
        return sharedDir().resolve("logs");
    }
}
