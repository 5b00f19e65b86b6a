package io.hireflow.api.history;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Lease;
import io.hireflow.api.database.LeaseBusyException;
import io.hireflow.api.database.LeaseHolder;
import io.hireflow.api.database.Leases;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.failure.ConflictException;
import io.hireflow.api.failure.DomainException;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.storage.ObjectStorages;
import io.hireflow.api.storage.StorageException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts history loads and runs them in the background, one table after another, parents first.
 * One load runs at a time across every replica: starting one takes the {@value #LEASE} lease; its
 * progress lives in the database ({@link LoadStore}).
 */
@ApplicationScoped
public class HistoryLoadService {

    /** The lease that makes a history load exclusive. */
    public static final String LEASE = "history-load";
    private static final String PURPOSE = "history load ";
    /** A load reports at least this often while it lives (the saver below). */
    private static final Duration BEAT = Duration.ofSeconds(1);

    private final LoadStore store;
    private final TableFileLoader loader;
    private final DeferredIndexes indexes;
    private final Leases leases;
    private final HireflowConfig config;
    private final ObjectStorages storages;
    private final ScheduledExecutorService runner = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "history-load");
        thread.setDaemon(true);
        return thread;
    });

    HistoryLoadService(LoadStore store, TableFileLoader loader, DeferredIndexes indexes, Leases leases,
            HireflowConfig config, ObjectStorages storages) {
        this.store = store;
        this.storages = storages;
        this.loader = loader;
        this.indexes = indexes;
        this.leases = leases;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        source(); // a hireflow.history.source that names no folder or bucket stops the start, saying so
        runner.execute(this::rebuildLeftIndexes);
        if (config.history().loadOnStart()) {
            Log.infof("hireflow.history.load-on-start: loading history from %s", source().location());
            start(HistoryLoadRequest.everything());
        }
    }

    /**
     * Rebuilds the indexes a load that died left dropped, once no load runs (the dead one's lease must
     * expire first): reports must not stay slow until somebody loads again.
     */
    private void rebuildLeftIndexes() {
        try {
            if (indexes.pending().isEmpty()) {
                return;
            }
            Optional<Lease> lease = leases.tryAcquire(LEASE, leaseTtl(), "rebuilding indexes a dead load dropped");
            if (lease.isEmpty()) {
                int wait = leases.holder(LEASE).map(LeaseHolder::retryAfterSeconds).orElse(1);
                runner.schedule(this::rebuildLeftIndexes, wait, TimeUnit.SECONDS);
                return;
            }
            try (Lease held = lease.get()) {
                for (Table table : indexes.pending()) {
                    Log.infof("Rebuilding %s of %s, dropped by a history load that did not finish",
                            indexes.rebuild(table), table);
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.errorf(e, "Could not rebuild the indexes a history load left dropped; the next load will");
        }
    }

    /**
     * Records a new load and starts it in the background; answers 409 while another runs (naming it, and
     * saying when its lease expires if its process died).
     */
    public LoadStatus start(HistoryLoadRequest request) throws SQLException {
        return start(request, source());
    }

    /** The configured folder or bucket of history files. */
    private ObjectStorage source() {
        return HistoryFiles.source(config.history(), storages);
    }

    /**
     * The same from {@code source}. A bucket that is missing, refuses the credentials or does not answer is
     * refused here, before the load is recorded (a {@link StorageException} saying what to fix).
     */
    LoadStatus start(HistoryLoadRequest request, ObjectStorage source) throws SQLException {
        List<Table> tables = tables(request);
        String id = UUID.randomUUID().toString();
        Lease lease;
        try {
            lease = leases.acquire(LEASE, leaseTtl(), PURPOSE + id);
        } catch (LeaseBusyException busy) {
            throw running(busy);
        }
        try {
            List<TableProgress> progress = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                TableProgress table = new TableProgress(i, tables.get(i));
                table.fileBytes = fileSize(source, tables.get(i));
                progress.add(table);
            }
            store.create(id, request, progress);
            runner.execute(() -> {
                try (lease) {
                    run(id, source, request, progress, lease);
                }
            });
        } catch (SQLException | RuntimeException e) {
            lease.close();
            throw e;
        }
        return status(id).orElseThrow();
    }

    private DomainException running(LeaseBusyException busy) throws SQLException {
        String purpose = busy.holder().purpose();
        if (purpose == null || !purpose.startsWith(PURPOSE)) {
            return new ConflictException("load-running", "A history load cannot start now",
                    busy.getMessage()).retryAfter(busy.retryAfterSeconds());
        }
        String other = purpose.substring(PURPOSE.length());
        Optional<Duration> silent = store.silentFor(other);
        String detail = silent.isPresent() && silent.get().compareTo(BEAT.multipliedBy(10)) > 0
                ? "History load " + other + " stopped reporting " + silent.get().toSeconds() + " s ago: its API "
                        + "process seems to have died. Its lease expires at " + busy.expiresAt() + ", in about "
                        + busy.retryAfterSeconds() + " s; start the load again then, and it resumes where that "
                        + "one stopped"
                : "History load " + other + " is running; wait for it to finish (its status: GET /history/loads/"
                        + other + ")";
        return new ConflictException("load-running", "A history load is running", detail)
                .with("runningLoad", "/history/loads/" + other).retryAfter(busy.retryAfterSeconds());
    }

    public Optional<LoadStatus> status(String id) throws SQLException {
        return store.find(id);
    }

    public List<LoadStatus> recent(int limit) throws SQLException {
        return store.recent(limit);
    }

    private void run(String id, ObjectStorage source, HistoryLoadRequest request, List<TableProgress> tables,
            Lease lease) {
        Map<Table, IdSet> acceptedInRun = new EnumMap<>(Table.class);
        boolean failed = false;
        TableProgress[] current = {null};
        ScheduledFuture<?> beat = runner.scheduleAtFixedRate(() -> {
            if (current[0] != null) {
                saveQuietly(id, current[0]);
            }
        }, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            rebuildIndexesOfOtherTables(tables);
            for (TableProgress progress : tables) {
                current[0] = progress;
                try {
                    IdSet accepted = lease.isHeld() ? loader.load(id, source, progress, request, acceptedInRun, lease)
                            : null;
                    if (!lease.isHeld() && !LoadStatus.TableStatus.LOADED.equals(progress.status)) {
                        progress.end(LoadStatus.TableStatus.FAILED, "stopped: lost the " + LEASE + " lease (it "
                                + "expired or another replica took it); start the load again to resume");
                    } else if (accepted != null) {
                        acceptedInRun.put(progress.table, accepted);
                    }
                } catch (Exception e) {
                    Log.errorf(e, "History load %s: %s failed", id, progress.table);
                    progress.end(LoadStatus.TableStatus.FAILED, "failed: " + e.getMessage()
                            + "; the chunks committed before it stay, start the load again to resume");
                }
                failed |= LoadStatus.TableStatus.FAILED.equals(progress.status);
                Log.infof("History load %s: %s", id, progress.summary());
                saveQuietly(id, progress);
            }
        } finally {
            beat.cancel(false);
        }
        try {
            store.finish(id, failed ? LoadStatus.FAILED : LoadStatus.SUCCEEDED);
        } catch (SQLException e) {
            Log.errorf(e, "History load %s: could not record its end", id);
        }
    }

    /** Indexes a dead load left dropped on tables this load does not touch come back now. */
    private void rebuildIndexesOfOtherTables(List<TableProgress> tables) {
        try {
            for (Table table : indexes.pending()) {
                if (tables.stream().noneMatch(t -> t.table == table)) {
                    indexes.rebuild(table);
                }
            }
        } catch (SQLException e) {
            Log.errorf(e, "Could not rebuild the indexes a history load left dropped");
        }
    }

    private void saveQuietly(String id, TableProgress progress) {
        try {
            store.save(id, progress);
        } catch (SQLException e) {
            Log.errorf(e, "History load %s: could not record progress of %s", id, progress.table);
        }
    }

    /** The table's file size, 0 when there is none (the table fails when its turn comes, saying so). */
    private static long fileSize(ObjectStorage source, Table table) {
        try {
            return HistoryFiles.find(source, table).map(HistoryFile::size).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private Duration leaseTtl() {
        return Duration.ofSeconds(config.history().leaseSeconds());
    }

    /** The requested tables, known ones only, in dictionary (parents-first) order. */
    private static List<Table> tables(HistoryLoadRequest request) {
        if (request.tables() == null || request.tables().isEmpty()) {
            return List.of(Table.values());
        }
        TreeSet<Table> tables = new TreeSet<>();
        request.tables().forEach(name -> tables.add(Tables.require(name)));
        return List.copyOf(tables);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
