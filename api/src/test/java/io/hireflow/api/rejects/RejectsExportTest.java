package io.hireflow.api.rejects;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rejects file follows the rejected_rows table: crashes mid-append, lost files and late commits. */
@QuarkusTest
class RejectsExportTest {

    static final Path FOLDER = Path.of("target/test-shared/rejects");
    static final Path JOBS = FOLDER.resolve("jobs.jsonl");
    static final String THREE_BAD = """
            [{"job_id": 1, "job_name": " "}, {"job_id": 2, "job_name": ""}, {"job_id": -3, "job_name": "X"}]""";

    @Inject
    Database db;

    @Inject
    RejectsExport export;

    @Inject
    RejectsLog log;

    @Inject
    AgroalDataSource dataSource;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clear() throws IOException {
        db.clear();
        Files.deleteIfExists(JOBS);
        try (Stream<Path> aside = Files.list(Files.createDirectories(FOLDER))) {
            for (Path file : aside.filter(f -> f.getFileName().toString().startsWith("jobs.jsonl.before")).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aLineTornByACrashIsCutAndTheFileCaughtUpWithoutDoublesOrGaps() throws IOException {
        post(THREE_BAD).then().statusCode(422);
        assertEquals(databaseIds(), fileIds());
        // A crash in the middle of the append: the last line gone, the one before it cut in half.
        long keep = Files.readAllLines(JOBS).get(0).length() + 1;
        try (FileChannel file = FileChannel.open(JOBS, StandardOpenOption.WRITE)) {
            file.truncate(keep + 10);
        }
        export.export(Table.JOBS);
        assertEquals(databaseIds(), fileIds(), "every reject once, in id order");
    }

    @Test
    void aLostFileIsRebuiltFromTheDatabase() throws IOException {
        post(THREE_BAD).then().statusCode(422);
        Files.delete(JOBS);
        export.export(Table.JOBS);
        assertEquals(databaseIds(), fileIds());
        assertEquals(3, fileIds().size());
    }

    @Test
    void aFileWrittenBeforeExportsIsMovedAsideAndRebuilt() throws IOException {
        Files.writeString(JOBS, "{\"at\":\"2026-01-01T00:00:00Z\",\"table\":\"jobs\"}\n");
        post(THREE_BAD).then().statusCode(422);
        assertEquals(databaseIds(), fileIds());
        try (Stream<Path> files = Files.list(FOLDER)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("jobs.jsonl.before-export-")));
        }
    }

    @Test
    void aFileFromAnotherDatabaseIsMovedAsideAndRebuilt() throws IOException {
        Files.writeString(JOBS, "{\"id\":" + Long.MAX_VALUE + ",\"table\":\"jobs\"}\n");
        post(THREE_BAD).then().statusCode(422);
        assertEquals(databaseIds(), fileIds(), "ids beyond the table's are not where this database's export stopped");
        try (Stream<Path> files = Files.list(FOLDER)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("jobs.jsonl.before-export-")));
        }
    }

    @Test
    void aRejectWhoseTransactionCommitsLateIsNotSkipped() throws Exception {
        CompletableFuture<Response> batch;
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            log.insert(slow, List.of(new Reject(Instant.now(), Table.JOBS, Reject.BATCH, "slow", 0,
                    TextNode.valueOf("slow row"), List.of())));
            // A batch with rejects starting now must commit its rejects after the open transaction, not before.
            batch = CompletableFuture.supplyAsync(() -> post(THREE_BAD));
            Thread.sleep(500);
            assertFalse(batch.isDone(), "the batch's rejects wait for the transaction that drew the earlier id");
            slow.commit();
            slow.setAutoCommit(true);
        }
        batch.get(10, TimeUnit.SECONDS).then().statusCode(422);
        export.export(Table.JOBS);
        assertEquals(4, databaseIds().size());
        assertEquals(databaseIds(), fileIds(), "the late commit is in the file, in id order");
    }

    @Test
    void aRejectKeepsItsMillisecondsInTheFileAndTheApi() throws Exception {
        // MariaDB 10.11 announces itself as 5.5.5, and the driver then cut the fraction of a bound Timestamp.
        Instant at = Instant.parse("2026-12-07T16:00:00.123Z");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            log.insert(c, List.of(new Reject(at, Table.JOBS, Reject.BATCH, "ms", 0, TextNode.valueOf("row"), List.of())));
            c.commit();
            c.setAutoCommit(true);
        }
        export.export(Table.JOBS);
        assertEquals(at.toString(), json.readTree(Files.readAllLines(JOBS).get(0)).path("at").asText(), "file");
        assertEquals(at.toString(), given().when().get("/tables/jobs/rejects").then().statusCode(200).extract()
                .jsonPath().getString("items[0].at"), "GET /tables/jobs/rejects");
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/tables/jobs/rows");
    }

    private List<Long> databaseIds() {
        List<Long> ids = new ArrayList<>();
        long after = 0;
        while (db.count("rejected_rows WHERE table_name = 'jobs' AND reject_id > " + after) > 0) {
            after = db.single("SELECT MIN(reject_id) FROM rejected_rows WHERE table_name = 'jobs' AND reject_id > "
                    + after);
            ids.add(after);
        }
        return ids;
    }

    private List<Long> fileIds() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String line : Files.readAllLines(JOBS)) {
            ids.add(json.readTree(line).path("id").asLong());
        }
        return ids;
    }
}
