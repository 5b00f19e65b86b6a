package io.hireflow.api.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvParseException;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Lease;
import io.hireflow.api.database.LeaseBusyException;
import io.hireflow.api.database.Leases;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectsLog;
import io.hireflow.api.storage.ObjectChangedException;
import io.hireflow.api.storage.ObjectStorage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Loads one table's history file in chunks, exactly once: each chunk's rows, rejects and progress
 * commit together ({@link ChunkWriter}), so a load killed anywhere is resumed by the next load of the
 * same file after its last committed chunk; the manifest lists the file once it is whole, and a file
 * in the manifest is skipped. The table's lease is held throughout, so batches and restores wait.
 */
@ApplicationScoped
class TableFileLoader {

    /** What a load's table lease says it is for: "history load <id>". */
    private static final String TABLE_PURPOSE = "history load ";

    private final AgroalDataSource dataSource;
    private final Leases leases;
    private final RejectsLog rejectsLog;
    private final LoadStore store;
    private final LoadedFiles files;
    private final DeferredIndexes indexes;
    private final MeterRegistry metrics;
    private final HireflowConfig.History config;
    private final ObjectMapper json;

    TableFileLoader(AgroalDataSource dataSource, Leases leases, RejectsLog rejectsLog, LoadStore store,
            LoadedFiles files, DeferredIndexes indexes, MeterRegistry metrics, HireflowConfig config, ObjectMapper json) {
        this.dataSource = dataSource;
        this.leases = leases;
        this.rejectsLog = rejectsLog;
        this.store = store;
        this.files = files;
        this.indexes = indexes;
        this.metrics = metrics;
        this.config = config.history();
        this.json = json;
    }

    /**
     * @param acceptedInRun ids accepted from parent files earlier in the same load (a dry run writes
     *        nothing, yet its employees must see the departments it would have loaded)
     * @param loadLease the history-load lease, checked in every chunk's transaction
     * @return the ids accepted from this file, for its children
     */
    IdSet load(String loadId, ObjectStorage source, TableProgress progress, HistoryLoadRequest request,
            Map<Table, IdSet> acceptedInRun, Lease loadLease) throws Exception {
        Table table = progress.table;
        Optional<HistoryFile> found = HistoryFiles.find(source, table);
        if (found.isEmpty()) {
            progress.end(LoadStatus.TableStatus.FAILED, "no " + table + ".csv (or history_" + table
                    + ".csv) in " + source.location() + "; put the file there and start the load again");
            return null;
        }
        HistoryFile file = found.get();
        progress.start(file.key(), file.sha256(), file.size());
        store.save(loadId, progress);
        if (request.isDryRun()) {
            return check(file, progress, request, acceptedInRun, loadLease, true);
        }
        Optional<String> loadedBefore = files.manifestEntry(table, progress.checksum);
        if (loadedBefore.isPresent()) {
            progress.end(LoadStatus.TableStatus.SKIPPED, "this file was loaded before (" + loadedBefore.get()
                    + "); nothing to do");
            return null;
        }
        Lease tableLease;
        try {
            // This load holds the history-load lease, so another load holding the table died; its table
            // lease, renewed on its own clock, can outlive its load lease by up to a renewal period.
            tableLease = leases.acquireOnceExpired(Leases.table(table), Duration.ofSeconds(config.leaseSeconds()),
                    TABLE_PURPOSE + loadId, holder -> holder.purpose() != null
                            && holder.purpose().startsWith(TABLE_PURPOSE));
        } catch (LeaseBusyException busy) {
            progress.end(LoadStatus.TableStatus.FAILED, "the table is busy: " + busy.getMessage()
                    + "; nothing was loaded from this file, start the load again then");
            return null;
        }
        try (tableLease) {
            return loadChunks(loadId, file, progress, request, acceptedInRun, List.of(loadLease, tableLease));
        }
    }

    private IdSet loadChunks(String loadId, HistoryFile file, TableProgress progress, HistoryLoadRequest request,
            Map<Table, IdSet> acceptedInRun, List<Lease> guards) throws Exception {
        Table table = progress.table;
        List<LoadedFiles.Chunk> committed = files.chunks(table, progress.checksum);
        boolean resuming = !committed.isEmpty();
        if (!resuming) {
            indexes.rebuild(table); // left dropped by a load that died and is not being resumed
        }
        Optional<LoadedFiles.Unfinished> other = files.unfinished(table).stream()
                .filter(u -> !u.checksum().equals(progress.checksum)).findFirst();
        if (other.isPresent()) {
            LoadedFiles.Unfinished u = other.get();
            progress.end(LoadStatus.TableStatus.FAILED, "refused to resume: " + progress.file + " changed since "
                    + "load " + u.loadId() + " was interrupted (" + u.chunks() + " chunks, up to line " + (u.endLine() - 1)
                    + ", are in the table; the file's SHA-256 was " + u.checksum() + ", now " + progress.checksum
                    + "). Put the original file back and start the load again to finish it; nothing was loaded "
                    + "from the new file");
            return null;
        }
        if (!resuming && request.hasRejectLimits()) {
            // Judged on the whole file before any chunk commits: rows cannot be taken back chunk by chunk.
            String rollback = rejectLimitBreached(check(file, progress, request, Map.of(), guards.get(0), false),
                    progress, request);
            if (rollback != null) {
                progress.end(LoadStatus.TableStatus.FAILED, rollback + "; nothing was loaded from this file");
                return null;
            }
            progress.restart();
        }
        NavigableMap<Long, LoadedFiles.Chunk> done = new TreeMap<>();
        committed.forEach(chunk -> {
            done.put(chunk.startOffset(), chunk);
            progress.before(chunk);
        });
        if (!resuming) {
            deferIndexes(table, loadId);
        }
        RelationCheck relations = relations(table, acceptedInRun);
        ChunkChecker checker = new ChunkChecker(table, progress.file, relations, json);
        ChunkPipeline pipeline = new ChunkPipeline(file, chunkRows(request), checker, progress, guards.get(0),
                progress.timings);
        if (indexes.pending(table)) { // dropped just now, or by the load this one resumes
            pipeline.pauseAt((long) (file.size() * config.buildIndexesAt()), offset -> buildIndexesEarly(table, file,
                    progress, offset));
        }
        try {
            pipeline.run(done,
                    request.parallelChunks() == null ? Math.max(1, config.parallelChunks()) : request.parallelChunks(),
                    () -> new ChunkWriter(dataSource.getConnection(), table,
                            loadId, progress.checksum, files, rejectsLog, leases, guards, progress.timings));
        } catch (CsvParseException | CsvChunks.MalformedChunkException e) {
            progress.end(LoadStatus.TableStatus.FAILED, "not valid CSV after line " + progress.rowsRead + ": "
                    + e.getMessage() + "; the chunks before it are loaded, fix the file and load it again");
            return null;
        } catch (ObjectChangedException e) {
            progress.end(LoadStatus.TableStatus.FAILED, e.getMessage() + ", after line " + progress.rowsRead
                    + ". The chunks of the original before it are in the table and nothing of the new file is. "
                    + "Put the original file back and start the load again to finish it");
            return null;
        } finally {
            rejectsLog.export(table); // the chunks' writers leave the file to the exporter
        }
        if (indexes.pending(table)) {
            progress.note("building the secondary indexes once, after the rows");
            indexes.rebuild(table);
        }
        files.recordFile(loadId, progress);
        progress.end(LoadStatus.TableStatus.LOADED, resumeNote(committed, progress));
        metrics.counter("hireflow.rows.accepted", "table", table.tableName(), "source", Reject.HISTORY)
                .increment(progress.rowsInserted - committed.stream().mapToLong(LoadedFiles.Chunk::rowsInserted).sum());
        Long rate = progress.rowsPerSecond();
        if (rate != null) {
            metrics.summary("hireflow.history.load.rows.per.second", "table", table.tableName()).record(rate);
        }
        return relations.accepted();
    }

    /** Checks every row of the file, writes nothing: a dry run, or the reject limits' judgement. */
    private IdSet check(HistoryFile file, TableProgress progress, HistoryLoadRequest request,
            Map<Table, IdSet> acceptedInRun, Lease lease, boolean dryRun) throws Exception {
        RelationCheck relations = relations(progress.table, acceptedInRun);
        try {
            new ChunkPipeline(file, chunkRows(request), new ChunkChecker(progress.table, progress.file, relations,
                    null), progress, lease, progress.timings).run(new TreeMap<>(), 0, null);
        } catch (CsvParseException | CsvChunks.MalformedChunkException e) {
            progress.end(LoadStatus.TableStatus.FAILED, "not valid CSV after line " + progress.rowsRead + ": "
                    + e.getMessage());
            return null;
        }
        if (dryRun) {
            String rollback = rejectLimitBreached(relations.accepted(), progress, request);
            progress.end(rollback == null ? LoadStatus.TableStatus.VALIDATED : LoadStatus.TableStatus.FAILED,
                    rollback == null ? "dry run: nothing was written" : "would be refused: " + rollback);
            return rollback == null ? relations.accepted() : null;
        }
        return relations.accepted();
    }

    private int chunkRows(HistoryLoadRequest request) {
        return request.chunkRows() == null ? config.chunkRows() : request.chunkRows();
    }

    /** Drops the secondary indexes when {@code hireflow.history.defer-indexes} says so for this table. */
    private void deferIndexes(Table table, String loadId) throws SQLException {
        boolean defer = switch (config.deferIndexes()) {
            case "always" -> true;
            case "never" -> false;
            default -> isEmpty(table);
        };
        if (defer) {
            indexes.drop(table, loadId);
        }
    }

    /**
     * Builds the deferred indexes before the file's last part when they will fit in the buffer pool with
     * the table's rows and the file's rest (estimated from the rows per byte so far); otherwise they wait
     * for the end.
     */
    private void buildIndexesEarly(Table table, HistoryFile file, TableProgress progress, long offset)
            throws SQLException {
        long inserted;
        long toCome;
        synchronized (progress) {
            inserted = progress.rowsInserted;
            toCome = offset == 0 ? 0 : Math.round((double) progress.rowsRead * (file.size() - offset) / offset);
        }
        if (!indexes.fitInBufferPool(table, inserted, toCome)) {
            return;
        }
        progress.note("building the secondary indexes now, before the last rows, so that a resume need not");
        indexes.rebuild(table);
        progress.note(null);
    }

    private boolean isEmpty(Table table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement select = c.createStatement();
                ResultSet rs = select.executeQuery("SELECT 1 FROM " + table.tableName() + " LIMIT 1")) {
            return !rs.next();
        }
    }

    private static String resumeNote(List<LoadedFiles.Chunk> committed, TableProgress progress) {
        if (committed.isEmpty()) {
            return null;
        }
        long rowsBefore = committed.stream().mapToLong(LoadedFiles.Chunk::rowsRead).sum();
        return "resumed " + (progress.resumedFromLine == null ? "at the end of the file"
                : "from line " + progress.resumedFromLine) + ": load " + committed.get(committed.size() - 1).loadId()
                + " was interrupted after " + committed.size() + " chunks (" + rowsBefore + " rows read); "
                + progress.rowsThisRun + " rows read now";
    }

    /** Why the file's rows must not be loaded (too many rejects, by count or by share), or {@code null}. */
    private static String rejectLimitBreached(IdSet checked, TableProgress progress, HistoryLoadRequest request) {
        if (checked == null) {
            return "the file could not be read to the end";
        }
        if (request.maxRejects() != null && progress.rowsRejected > request.maxRejects()) {
            return "more than " + request.maxRejects() + " rows rejected (maxRejects)";
        }
        if (request.maxRejectRatio() == null || progress.rowsRead == 0) {
            return null;
        }
        double ratio = (double) progress.rowsRejected / progress.rowsRead;
        return ratio > request.maxRejectRatio()
                ? String.format("%.4f of the rows were rejected, more than maxRejectRatio %s", ratio,
                        request.maxRejectRatio())
                : null;
    }

    /** Ids stored, plus those accepted earlier in the same load (see {@link #load}). */
    private RelationCheck relations(Table table, Map<Table, IdSet> acceptedInRun) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<Table, IntPredicate> parents = TableRows.parentHas(connection, table);
            parents.replaceAll((parent, stored) -> {
                IdSet inRun = acceptedInRun.get(parent);
                return inRun == null ? stored : stored.or(inRun::contains);
            });
            return new RelationCheck(table, TableRows.ids(connection, table)::contains, parents);
        }
    }
}
