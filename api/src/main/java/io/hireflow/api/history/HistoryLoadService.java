package io.hireflow.api.history;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Tables;
import io.hireflow.api.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts history loads and runs them in the background, one table after another, parents first.
 * One load runs at a time; its progress lives in the database ({@link LoadStore}).
 */
@ApplicationScoped
public class HistoryLoadService {

    private final LoadStore store;
    private final TableFileLoader loader;
    private final HireflowConfig config;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "history-load"));

    HistoryLoadService(LoadStore store, TableFileLoader loader, HireflowConfig config) {
        this.store = store;
        this.loader = loader;
        this.config = config;
    }

    void loadOnStart(@Observes StartupEvent event) throws SQLException {
        if (config.history().loadOnStart()) {
            Log.infof("hireflow.history.load-on-start: loading history from %s", config.history().dir());
            start(HistoryLoadRequest.everything());
        }
    }

    /** Records a new load and starts it in the background; answers 409 while another runs. */
    public LoadStatus start(HistoryLoadRequest request) throws SQLException {
        List<Table> tables = tables(request);
        Optional<String> running = store.running();
        if (running.isPresent()) {
            throw ProblemException.conflict("load-running", "A history load is running",
                    "History load " + running.get() + " is still running; wait for it to finish")
                    .with("runningLoad", "/history/loads/" + running.get());
        }
        String id = UUID.randomUUID().toString();
        List<TableProgress> progress = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            progress.add(new TableProgress(i, tables.get(i)));
        }
        store.create(id, request, progress);
        runner.submit(() -> run(id, request, progress));
        return status(id).orElseThrow();
    }

    public Optional<LoadStatus> status(String id) throws SQLException {
        return store.find(id);
    }

    public List<LoadStatus> recent(int limit) throws SQLException {
        return store.recent(limit);
    }

    private void run(String id, HistoryLoadRequest request, List<TableProgress> tables) {
        Path folder = config.history().dir();
        Map<Table, IdSet> acceptedInRun = new EnumMap<>(Table.class);
        boolean failed = false;
        for (TableProgress progress : tables) {
            try {
                IdSet accepted = loader.load(id, folder, progress, request, acceptedInRun);
                if (accepted != null) {
                    acceptedInRun.put(progress.table, accepted);
                }
            } catch (Exception e) {
                Log.errorf(e, "History load %s: %s failed", id, progress.table);
                progress.end(LoadStatus.TableStatus.FAILED, "failed: " + e.getMessage()
                        + "; the file was rolled back, run the load again");
            }
            failed |= LoadStatus.TableStatus.FAILED.equals(progress.status);
            Log.infof("History load %s: %s", id, progress.summary());
            saveQuietly(id, progress);
        }
        try {
            store.finish(id, failed ? LoadStatus.FAILED : LoadStatus.SUCCEEDED);
        } catch (SQLException e) {
            Log.errorf(e, "History load %s: could not record its end", id);
        }
    }

    private void saveQuietly(String id, TableProgress progress) {
        try {
            store.save(id, progress);
        } catch (SQLException e) {
            Log.errorf(e, "History load %s: could not record progress of %s", id, progress.table);
        }
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
