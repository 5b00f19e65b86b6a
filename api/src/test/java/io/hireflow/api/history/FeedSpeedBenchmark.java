package io.hireflow.api.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.storage.FolderStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The JVM side of a history load alone: cut into chunks, parse, check, encode; no database. */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class FeedSpeedBenchmark {

    @Test
    void parseCheckEncode() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/bench-feed"));
        Path file = dir.resolve("employees.csv");
        new HistoryGenerator(1, 0.03, 12, 183, 1_000_000).write(Table.EMPLOYEES, file, 1);
        IdSet departments = new IdSet();
        IdSet jobs = new IdSet();
        for (int i = 1; i <= 183; i++) {
            jobs.add(i);
            if (i <= 12) {
                departments.add(i);
            }
        }
        for (int run = 0; run < 5; run++) {
            long t = System.nanoTime();
            TableProgress progress = new TableProgress(0, Table.EMPLOYEES);
            RelationCheck relations = new RelationCheck(Table.EMPLOYEES, id -> false,
                    Map.of(Table.DEPARTMENTS, departments::contains, Table.JOBS, jobs::contains));
            ChunkChecker checker = new ChunkChecker(Table.EMPLOYEES, "employees.csv", relations, new ObjectMapper());
            try (CsvChunks chunks = new CsvChunks(HistoryFiles.find(new FolderStorage(dir), Table.EMPLOYEES).orElseThrow(), 50_000, ChunkPipeline.MAX_CHUNK_BYTES)) {
                for (FileChunk chunk = chunks.next(Long.MAX_VALUE); chunk != null; chunk = chunks.next(Long.MAX_VALUE)) {
                    progress.done(checker.check(chunk)); // only the work of making the chunks is measured
                }
            }
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("run %d: %d rows in %.2f s = %.0f rows/s%n", run, progress.rowsRead, s, progress.rowsRead / s);
        }
    }
}
