package io.hireflow.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code hireflow.*} setting, each overridable by its environment variable (e.g. HIREFLOW_SHARED_DIR). */
@ConfigMapping(prefix = "hireflow")
public interface HireflowConfig {

    /** The shared volume: holds backups/, rejects/, deliverables/, logs/ and, by default, history/. */
    @WithDefault("shared")
    Path sharedDir();

    History history();

    Batch batch();

    Transactions transactions();

    Idempotency idempotency();

    Backup backup();

    /** History loads of the departments, jobs and employees CSV files. */
    interface History {
        /** Folder holding departments.csv, jobs.csv and employees.csv (history_*.csv also found). */
        @WithDefault("${hireflow.shared-dir}/history")
        Path dir();

        /**
         * Where the history files are when not in {@link #dir()}: a folder, or {@code s3://bucket/prefix} in the
         * object store {@code hireflow.s3.*} (where the exports already sit; read as ranged streams, never copied).
         */
        Optional<String> source();

        /** Load every table from {@link #source()} (or {@link #dir()}) when the API starts (the seed system's behaviour). */
        @WithDefault("false")
        boolean loadOnStart();

        /**
         * Rows per chunk: each chunk's valid rows, its rejects and the load's progress commit in one
         * transaction, so a load killed anywhere resumes after its last committed chunk. Larger chunks cost
         * heap (a few chunks at a time, ~50 bytes per row and a few hundred per reject, which are kept as
         * their LOAD DATA text); smaller ones cost a commit each. Past ~40,000 rows of 50 bytes a chunk's
         * arrays are humongous objects even with 4 MB G1 regions. The default is measured in
         * docs/history-loads.md.
         */
        @WithDefault("25000")
        int chunkRows();

        /**
         * How many chunks are written at once, each on its own connection, while one thread reads and
         * checks the file (checking stays in file order: the first row with an id wins). Two writers overlap
         * one chunk's commit and rejects with the next one's LOAD DATA: 15-25% faster on two cores
         * (docs/history-loads.md).
         */
        @WithDefault("2")
        int parallelChunks();

        /**
         * When to load without the table's secondary indexes and build them once at the end, as a restore
         * does: {@code empty} (into an empty table only), {@code always}, or {@code never}. A load that dies
         * meanwhile leaves a note; the next load or API start rebuilds the indexes.
         */
        @WithDefault("empty")
        String deferIndexes();

        /**
         * Where in the file (a share of its bytes) a load that deferred the secondary indexes builds them, when
         * the server's buffer pool can hold them at the file's end: the rows after it are inserted with the
         * indexes in place, so a load killed late resumes without building them over every row. {@code 1}
         * builds them after the last row (needed when they cannot stay in memory: every insert then reads
         * index pages from disk). Measured in docs/history-loads.md.
         */
        @WithDefault("0.85")
        double buildIndexesAt();

        /**
         * Seconds the history-load lease (and a loaded table's lease) lives unless renewed. The running load
         * renews it every third of this; after a crash a new load waits at most this long.
         */
        @WithDefault("30")
        int leaseSeconds();
    }

    /** Batches of new rows posted by clients. */
    interface Batch {
        /** Most rows accepted in one request. */
        @WithDefault("1000")
        int maxRows();
    }

    /**
     * Transactions run again, whole, when the database reports a transient failure (deadlock, lock wait
     * timeout, Galera certification conflict, node not ready, lost connection).
     */
    interface Transactions {
        /** Attempts in all before answering 503 with Retry-After (1 = no retry). */
        @WithDefault("3")
        int attempts();

        /** Wait before the second attempt in milliseconds; doubled for each further one, with jitter. */
        @WithDefault("50")
        int firstBackoffMillis();

        /** Retry-After, in seconds, of the 503 answered once the attempts are used up. */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    /** Idempotency-Key on batches: a repeat of a request returns the first answer and writes nothing. */
    interface Idempotency {
        /** How long a key and its answer are kept, e.g. {@code 24h}; a repeat after that is a new request. */
        @WithDefault("24h")
        java.time.Duration keep();

        /** How often expired keys are deleted. */
        @WithDefault("5m")
        java.time.Duration purgeEvery();

        /** Most keys deleted per statement, so a purge never holds many locks or a long transaction. */
        @WithDefault("1000")
        int purgeChunk();
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

    Auth auth();

    Observe observe();

    Limits limits();

    Reports reports();

    /** Bearer-token authentication and the roles reader &lt; writer &lt; admin. */
    interface Auth {
        /** Require a bearer token on every endpoint except health; off only for local experiments. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Accepted tokens by role, as hex SHA-256 hashes of the tokens (never the tokens themselves), e.g.
         * {@code hireflow.auth.tokens.admin=<sha256>,<sha256>}. Set by environment, e.g. HIREFLOW_AUTH_TOKENS_ADMIN.
         */
        Map<String, List<String>> tokens();

        /**
         * Files holding plain tokens by role, one per line ({@code #} starts a comment), e.g. Docker secrets.
         * Re-read when they change, so a token can be rotated without a restart.
         */
        Map<String, Path> tokenFiles();

        /** Write a new random token into a configured token file that does not exist yet (mode 600). */
        @WithDefault("true")
        boolean generateMissing();
    }

    /** Request ids, logs and metrics. */
    interface Observe {
        /** Log as JSON lines (console and file) instead of the human pattern. */
        @WithDefault("false")
        boolean jsonLogs();

        /** Log one line per request (method, path, status, milliseconds) with its request id. */
        @WithDefault("true")
        boolean accessLog();
    }

    /** Limits on what a request may carry. */
    interface Limits {
        /** Deepest JSON nesting accepted in a body (a batch needs 2). */
        @WithDefault("16")
        int maxJsonDepth();

        /** Longest JSON string accepted in a body, in characters (the longest column allows 200). */
        @WithDefault("1000")
        int maxJsonStringLength();

        /**
         * Largest body of every route but a backup import ({@link Backup#importMaxSize()}): a 1000-row batch is
         * ~130 KB. Refused with 413, by declared length before it is read and while reading a chunked body.
         */
        @WithDefault("2M")
        MemorySize maxBodySize();
    }

    /** The quarterly-hire reports and their rendered deliverables. */
    interface Reports {
        /** Year reported when a request does not give one. */
        @WithDefault("2021")
        int defaultYear();
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

        /**
         * Largest Avro file {@code POST /tables/{table}/backups/import} accepts. The upload is streamed to the
         * shared folder, never held in memory; {@code quarkus.http.limits.max-body-size} follows this value
         * (it is Vert.x's ceiling for every route) and {@link Limits#maxBodySize()} holds the other routes.
         */
        @WithDefault("4G")
        MemorySize importMaxSize();

        /**
         * Where backups are kept: {@code folder} ({@link HireflowConfig#backupsDir()} on the shared volume) or
         * {@code s3} (the bucket {@code hireflow.backup.bucket} of the object store {@code hireflow.s3.*}).
         */
        @WithDefault("folder")
        String target();

        /** The bucket of {@code target=s3}; it must exist (hireflow does not create buckets). */
        Optional<String> bucket();

        /** Key prefix of the backups inside the bucket (e.g. {@code prod/backups}); none: the bucket's root. */
        Optional<String> prefix();

        Schedule schedule();
    }

    /**
     * Backup sets taken by themselves (docs/backups.md, "Scheduled backups"). Every replica fires each tick;
     * one runs it (a database lease and the tick's row in {@code backup_schedule_runs}), the others skip.
     */
    interface Schedule {
        /**
         * When to back up every table as a set: a Quartz cron expression with seconds, e.g. {@code 0 30 2 * * ?}
         * (02:30 every night). None, {@code off} or {@code disabled}: no scheduled backups (the default).
         */
        Optional<String> cron();

        /** The time zone the cron expression is read in, e.g. {@code Europe/Berlin}. */
        @WithDefault("UTC")
        String timeZone();
    }

    /** The S3-compatible object store (AWS S3, MinIO, Ceph, s3proxy, …) of backups and {@code s3://} history files. */
    S3 s3();

    /** How to reach the object store; credentials never in this file. */
    interface S3 {
        /** Endpoint of a non-AWS store, e.g. {@code http://minio:9000}; none: AWS S3 of {@link #region()}. */
        Optional<URI> endpoint();

        /** The region to sign requests for (any value for most non-AWS stores). */
        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing ({@code endpoint/bucket/key}): what MinIO and most non-AWS stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * A file (e.g. a Docker secret) holding the access key id; with {@link #secretKeyFile()}. Without them
         * the AWS default chain is used (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role, …).
         */
        Optional<Path> accessKeyFile();

        /** A file holding the secret access key, beside {@link #accessKeyFile()}. */
        Optional<Path> secretKeyFile();

        /** Size of one multipart part in MiB (at least 5): the memory one backup upload holds. */
        @WithDefault("8")
        int partSizeMib();
    }
}
