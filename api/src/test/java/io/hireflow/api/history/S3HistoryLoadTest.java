package io.hireflow.api.history;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.digest.Sha256;
import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.storage.FolderStorage;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.storage.ObjectStorages;
import io.hireflow.api.storage.S3Storage;
import io.hireflow.api.storage.StorageException;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.HistoryFolder;
import io.hireflow.api.support.S3Server;
import io.hireflow.api.support.S3ServerResource;
import io.hireflow.api.support.S3Target;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * History files read from a bucket of a real S3-protocol server (s3proxy), {@code hireflow.history.source=s3://…}:
 * the same rows, rejects and checksum manifest as from a folder, resumed after a kill by ranged reads, and a
 * bucket that cannot be read refused saying what to fix.
 */
@QuarkusTest
@TestProfile(S3HistoryLoadTest.FromBucket.class)
class S3HistoryLoadTest {

    private static final String PREFIX = "exports/history";
    private static final String SOURCE = "s3://" + S3ServerResource.BUCKET + "/" + PREFIX;
    private static final String EMPLOYEES = "{\"tables\":[\"employees\"],\"chunkRows\":2000}";

    /** The API with {@code hireflow.history.source} in the test server's bucket. */
    public static class FromBucket extends S3Target {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hireflow.history.source", SOURCE);
        }
    }

    @Inject
    Database db;

    @Inject
    HistoryLoadService loads;

    @Inject
    ObjectStorages storages;

    private S3Client client;
    private S3Storage bucket;

    @BeforeEach
    void clean() throws Exception {
        db.clear();
        HistoryFolder.emptied();
        client = S3ServerResource.server.client();
        bucket = S3ServerResource.server.storage(client, S3ServerResource.BUCKET, PREFIX);
        for (ObjectStorage.StoredObject object : bucket.list("")) {
            bucket.delete(object.key());
        }
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void theBucketLoadsExactlyWhatTheSameFilesLoadFromAFolderAndOnlyOnce() throws Exception {
        new HistoryGenerator(11, 0.1, 5, 10, 3000).writeAll(HistoryFolder.DIR, 1);
        upload(HistoryFolder.DIR);
        JsonPath folder = HistoryFolder.awaitEnd(loads.start(HistoryLoadRequest.everything(),
                new FolderStorage(HistoryFolder.DIR)).id());
        assertEquals(List.of("LOADED", "LOADED", "LOADED"), folder.getList("tables.status"), folder.prettify());
        String rows = InterruptedLoads.employeesDigest(db);
        String rejects = InterruptedLoads.rejectsDigest(db);
        long allRejects = db.count("rejected_rows");
        db.clear();

        JsonPath fromBucket = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{}"));
        assertEquals("SUCCEEDED", fromBucket.getString("status"), fromBucket.prettify());
        assertEquals(List.of("LOADED", "LOADED", "LOADED"), fromBucket.getList("tables.status"));
        assertEquals(List.of("departments.csv", "jobs.csv", "employees.csv"), fromBucket.getList("tables.file"));
        for (String count : List.of("rowsRead", "rowsInserted", "rowsRejected", "checksum", "fileBytes")) {
            assertEquals(folder.getList("tables." + count), fromBucket.getList("tables." + count), count);
        }
        assertEquals(folder.getMap("tables[2].rejectedByRule"), fromBucket.getMap("tables[2].rejectedByRule"));
        assertEquals(Sha256.hex(HistoryFolder.DIR.resolve("employees.csv")), fromBucket.getString("tables[2].checksum"),
                "the checksum is the SHA-256 of the object's bytes");
        assertEquals(rows, InterruptedLoads.employeesDigest(db), "the same rows");
        assertEquals(rejects, InterruptedLoads.rejectsDigest(db), "the same rejects");
        assertEquals(allRejects, db.count("rejected_rows"));
        assertTrue(fromBucket.getLong("tables[2].rowsRejected") > 100, "the file has flawed rows");

        JsonPath again = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{}"));
        assertEquals(List.of("SKIPPED", "SKIPPED", "SKIPPED"), again.getList("tables.status"));
        assertTrue(again.getString("tables[2].message").contains("loaded before"), again.getString("tables[2].message"));
        assertEquals(rows, InterruptedLoads.employeesDigest(db));
    }

    @Test
    void aKilledLoadResumesInsideTheObjectAndAnObjectReplacedSinceIsRefused() throws Exception {
        // Over 5 MiB: uploaded in parts, so the object's ETag is not its MD5 (the checksum must not lean on it).
        new HistoryGenerator(17, 0.05, 12, 183, 120_000).writeAll(HistoryFolder.DIR, 1);
        upload(HistoryFolder.DIR);
        assertEquals("SUCCEEDED", HistoryFolder.awaitEnd(
                HistoryFolder.startLoad("{\"tables\":[\"departments\",\"jobs\"]}")).getString("status"));
        JsonPath whole = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        assertEquals("LOADED", whole.getString("tables[0].status"), whole.prettify());
        String rows = InterruptedLoads.employeesDigest(db);
        String rejects = InterruptedLoads.rejectsDigest(db);

        InterruptedLoads.forgetEmployees(db);
        String killedLoad = HistoryFolder.startLoad(EMPLOYEES);
        InterruptedLoads.killChunkWriter(db, new Random(5), 3, 20);
        assertEquals("FAILED", HistoryFolder.awaitEnd(killedLoad).getString("tables[0].status"));
        long partial = db.count("employees");
        assertTrue(partial > 0 && partial < whole.getLong("tables[0].rowsInserted"), "stopped part way: " + partial);

        JsonPath resumed = HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES));
        assertEquals("LOADED", resumed.getString("tables[0].status"), resumed.prettify());
        assertTrue(resumed.getString("tables[0].message").startsWith("resumed from line"),
                resumed.getString("tables[0].message"));
        assertTrue(resumed.getLong("tables[0].bytesDone") > 0);
        assertEquals(rows, InterruptedLoads.employeesDigest(db), "exactly the rows of a whole load");
        assertEquals(rejects, InterruptedLoads.rejectsDigest(db), "each reject once");

        InterruptedLoads.forgetEmployees(db);
        String interrupted = HistoryFolder.startLoad(EMPLOYEES);
        InterruptedLoads.killChunkWriter(db, new Random(7), 3, 20);
        HistoryFolder.awaitEnd(interrupted);
        long left = db.count("employees");
        Path changed = HistoryFolder.DIR.resolve("employees.csv");
        Files.writeString(changed, Files.readString(changed).replaceFirst("\n[0-9]+,", "\n999999,"));
        upload(HistoryFolder.DIR);

        InterruptedLoads.assertRefusedForResume(HistoryFolder.awaitEnd(HistoryFolder.startLoad(EMPLOYEES)), interrupted);
        assertEquals(left, db.count("employees"), "nothing of the replaced object was loaded");
    }

    @Test
    void aBucketThatCannotBeReadIsRefusedSayingWhatToFix() throws Exception {
        HistoryGenerator generator = new HistoryGenerator(3, 0, 4, 6, 10);
        generator.writeAll(HistoryFolder.DIR, 1);
        upload(HistoryFolder.DIR);

        try (S3Client stranger = S3ServerResource.server.client(S3Server.ACCESS_KEY, "not-the-secret")) {
            StorageException denied = assertThrows(StorageException.class, () -> loads.start(
                    HistoryLoadRequest.everything(), S3ServerResource.server.storage(stranger, S3ServerResource.BUCKET,
                            PREFIX)));
            assertEquals(StorageException.Reason.DENIED, denied.reason());
            assertTrue(denied.getMessage().contains("check the access key and secret"), denied.getMessage());
        }
        StorageException missing = assertThrows(StorageException.class, () -> loads.start(
                HistoryLoadRequest.everything(), storages.bucket("s3://no-such-bucket/exports",
                        HistoryFiles.SOURCE_SETTING)));
        assertEquals(StorageException.Reason.NO_BUCKET, missing.reason());
        assertTrue(missing.getMessage().contains("set hireflow.history.source to an existing one"), missing.getMessage());
        try (S3Client nobody = S3Client.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:"
                + S3Server.freePort())).region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                .build()) {
            StorageException unreachable = assertThrows(StorageException.class, () -> loads.start(
                    HistoryLoadRequest.everything(), new S3Storage(nobody, "any", "", 5 << 20)));
            assertEquals(StorageException.Reason.UNAVAILABLE, unreachable.reason());
            assertTrue(unreachable.getMessage().contains("Check hireflow.s3.endpoint"), unreachable.getMessage());
        }
        assertEquals(0, db.count("history_loads"), "refused before anything was recorded");

        // A missing object fails its table; the refusals above left the load lease free.
        bucket.delete("jobs.csv");
        JsonPath noJobs = HistoryFolder.awaitEnd(HistoryFolder.startLoad("{\"tables\":[\"departments\",\"jobs\"]}"));
        assertEquals(List.of("LOADED", "FAILED"), noJobs.getList("tables.status"));
        assertTrue(noJobs.getString("tables[1].message").contains("no jobs.csv (or history_jobs.csv) in " + SOURCE),
                noJobs.getString("tables[1].message"));

        // Through the API: the configured bucket gone answers the POST with a problem naming the setting.
        for (ObjectStorage.StoredObject object : bucket.list("")) {
            bucket.delete(object.key());
        }
        client.deleteBucket(b -> b.bucket(S3ServerResource.BUCKET));
        try {
            given().contentType(ContentType.JSON).body("{}").post("/history/loads").then().statusCode(502)
                    .body("type", containsString("storage-bucket-missing"))
                    .body("detail", containsString("hireflow.history.source"));
        } finally {
            client.createBucket(b -> b.bucket(S3ServerResource.BUCKET));
        }
    }

    /** Puts every file of the folder into the bucket under {@link #PREFIX}, streamed (in parts above 5 MiB). */
    private void upload(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                try (ObjectStorage.Upload upload = bucket.create(file.getFileName().toString());
                        OutputStream out = upload.stream()) {
                    Files.copy(file, out);
                    upload.commit();
                }
            }
        }
    }
}
