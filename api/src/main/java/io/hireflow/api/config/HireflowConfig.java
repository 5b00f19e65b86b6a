package io.hireflow.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

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

    EmbeddedDb embeddedDb();

    Backup backup();

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

    /** The embedded MariaDB used when no external database is configured. */
    interface EmbeddedDb {
        /** Start an embedded MariaDB when {@code quarkus.datasource.jdbc.url} is not set. */
        @WithDefault("true")
        boolean enabled();

        /** TCP port of the embedded server; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /** Where the embedded server keeps its data; unset means a temporary folder deleted at exit. */
        Optional<String> dataDir();
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

    /** Avro backups of the dictionary tables, kept under {@link #backupsDir()}. */
    interface Backup {
        /**
         * Avro block codec of new backups: {@code null}, {@code deflate}, {@code snappy} or {@code zstandard}
         * (optionally with a level, e.g. {@code zstandard-3}, {@code deflate-6}). Zstandard is the default:
         * a third of the dump's size at the speed of snappy (see the backup benchmark).
         */
        @WithDefault("zstandard")
        String codec();

        /** How many backups to keep per table, newest first; older ones are deleted after each backup. */
        @WithDefault("10")
        int retention();
    }
}
