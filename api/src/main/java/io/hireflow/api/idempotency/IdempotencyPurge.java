package io.hireflow.api.idempotency;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired idempotency keys every {@code hireflow.idempotency.purge-every}, in chunks of
 * {@code purge-chunk} rows, each its own short autocommit statement: a purge never holds many locks
 * nor a long transaction beside the batches. Every replica may run it; deletes of the same rows are
 * harmless.
 */
@ApplicationScoped
public class IdempotencyPurge {

    /** Chunks per run at most, so one run is bounded even after a long outage of the purge. */
    private static final int MAX_CHUNKS = 100;

    private final AgroalDataSource dataSource;
    private final IdempotencyStore store;
    private final HireflowConfig.Idempotency config;
    private ScheduledExecutorService timer;

    IdempotencyPurge(AgroalDataSource dataSource, IdempotencyStore store, HireflowConfig config) {
        this.dataSource = dataSource;
        this.store = store;
        this.config = config.idempotency();
    }

    void start(@Observes StartupEvent started) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.purgeEvery().toMillis();
        timer.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopped) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Deletes expired keys; returns how many. */
    public long purge() throws SQLException {
        long deleted = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
                int n = store.purgeExpired(connection, config.purgeChunk());
                deleted += n;
                if (n < config.purgeChunk()) {
                    break;
                }
            }
        }
        return deleted;
    }

    private void purgeQuietly() {
        try {
            long deleted = purge();
            if (deleted > 0) {
                Log.infof("Purged %d expired idempotency keys", deleted);
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Cannot purge expired idempotency keys (retried in %s): %s", config.purgeEvery(), e.getMessage());
        }
    }
}
