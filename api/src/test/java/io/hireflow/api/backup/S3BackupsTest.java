package io.hireflow.api.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.observe.BackupMetrics;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.S3ServerResource;
import io.hireflow.api.support.S3Target;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Backups, listing, latest, download, verify, restore, sets and retention with the backups in an S3 bucket. */
@QuarkusTest
@TestProfile(S3Target.class)
class S3BackupsTest {

    @Inject
    Database db;

    @Inject
    BackupFixtures fixtures;

    @Inject
    BackupStore store;

    @Inject
    BackupService service;

    @Inject
    RestoreService restores;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HireflowConfig config;

    @Inject
    BackupMetrics metrics;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void seed() throws Exception {
        db.clear();
        for (Table table : Table.values()) {
            for (ObjectStorage.StoredObject object : store.storage().list(table.tableName() + "/")) {
                store.storage().delete(object.key());
            }
        }
        for (ObjectStorage.StoredObject object : store.storage().list("sets/")) {
            store.storage().delete(object.key());
        }
        db.seedDepartmentsAndJobs(5, 4);
        fixtures.seedEmployees(1, 300, 5, 4);
    }

    @Test
    void aBackupGoesToTheBucketAndComesBackByDigest() {
        assertTrue(store.storage().location().startsWith("s3://" + S3ServerResource.BUCKET + "/test/backups/"));
        ExtractableResponse<Response> created = given().when().post("/tables/employees/backups").then()
                .log().ifValidationFails().statusCode(201).extract();
        String id = created.path("id");
        String recorded = created.path("contentDigest");
        assertEquals("employees/employees-" + id + ".avro", created.path("file"));
        given().when().get("/tables/employees/backups").then().statusCode(200).body("id", equalTo(List.of(id)));

        byte[] body = given().when().get("/tables/employees/backups/" + id + "/file").then().statusCode(200)
                .header("Digest", "sha-256=" + created.path("sha256")).extract().asByteArray();
        assertEquals(created.<String>path("sha256"), HexFormat.of().formatHex(Sha256.newDigest().digest(body)),
                "the download is the file the metadata describes");
        given().when().post("/tables/employees/backups/" + id + "/verify").then().statusCode(200)
                .body("contentDigest", equalTo(recorded));

        List<String> before = fixtures.content(Table.EMPLOYEES);
        db.update("DELETE FROM employees WHERE employee_id > 100");
        db.update("UPDATE employees SET employee_name = 'changed' WHERE employee_id = 7");
        given().contentType(ContentType.JSON).body("{\"backup\":\"latest\"}").when().post("/tables/employees/restore")
                .then().log().ifValidationFails().statusCode(200).body("digestMatches", equalTo(true))
                .body("contentDigest", equalTo(recorded)).body("rows", equalTo(300));
        assertEquals(before, fixtures.content(Table.EMPLOYEES));
    }

    @Test
    void aSetIsTakenAndRestoredFromTheBucket() {
        String setId = given().when().post("/backups").then().log().ifValidationFails().statusCode(201)
                .extract().path("setId");
        given().when().get("/backups/" + setId).then().statusCode(200).body("complete", equalTo(true))
                .body("backups", hasSize(3));
        List<String> before = fixtures.content(Table.EMPLOYEES);
        db.update("DELETE FROM employees WHERE employee_id > 10");
        given().when().post("/backups/" + setId + "/restore").then().log().ifValidationFails().statusCode(200);
        assertEquals(before, fixtures.content(Table.EMPLOYEES));
    }

    @Test
    void twoReplicasBackingUpAndPruningAtOnceKeepTheNewestAndLeaveNothingHalfDone() throws Exception {
        // A second replica: its own S3 client and catalogue over the same bucket and prefix.
        try (S3Client otherClient = S3ServerResource.server.client()) {
            BackupStore otherStore = new BackupStore(S3ServerResource.server.storage(otherClient,
                    S3ServerResource.BUCKET, "test/backups"), json);
            BackupService other = new BackupService(dataSource, otherStore, config, metrics, "replica-2");
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            List<Future<List<String>>> runs = new ArrayList<>();
            for (BackupService replica : List.of(service, other)) {
                Callable<List<String>> run = () -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        ids.add(replica.backup(Table.EMPLOYEES).id()); // each backup prunes to 3
                    }
                    return ids;
                };
                runs.add(replicas.submit(run));
            }
            List<String> taken = new ArrayList<>();
            for (Future<List<String>> run : runs) {
                taken.addAll(run.get());
            }
            replicas.shutdown();
            assertEquals(8, taken.stream().distinct().count());

            List<BackupMetadata> kept = store.list(Table.EMPLOYEES);
            assertEquals(3, kept.size(), "retention holds with two replicas pruning");
            assertEquals(kept, otherStore.list(Table.EMPLOYEES), "both replicas see the same catalogue");
            List<String> newest = taken.stream().sorted().toList().subList(5, 8);
            assertEquals(Set.copyOf(newest), kept.stream().map(BackupMetadata::id).collect(Collectors.toSet()),
                    "the three newest are the ones kept");
            for (BackupMetadata backup : kept) {
                assertTrue(restores.verify(Table.EMPLOYEES, backup.id()).ok());
            }
            List<String> keys = store.storage().list("employees/").stream().map(ObjectStorage.StoredObject::key)
                    .toList();
            assertEquals(9, keys.size(), "3 backups, each .avro + .sha256 + .json, nothing else: " + keys);
            assertEquals(0, otherClient.listMultipartUploads(b -> b.bucket(S3ServerResource.BUCKET)).uploads().size(),
                    "no upload left unfinished");
        }
    }

    @Test
    void aMissingBucketIsAProblemThatSaysWhatToDo() {
        try (S3Client admin = S3ServerResource.server.client()) {
            admin.deleteBucket(b -> b.bucket(S3ServerResource.BUCKET)); // emptied by seed()
            try {
                given().when().post("/tables/jobs/backups").then().log().ifValidationFails().statusCode(502)
                        .contentType("application/problem+json")
                        .body("type", endsWith("/storage-bucket-missing"))
                        .body("detail", containsString("'" + S3ServerResource.BUCKET + "' does not exist"))
                        .body("detail", containsString("create it"))
                        .body("storage", equalTo("s3://" + S3ServerResource.BUCKET + "/test/backups/"));
                given().when().get("/tables/jobs/backups").then().statusCode(502)
                        .body("type", endsWith("/storage-bucket-missing"));
            } finally {
                admin.createBucket(b -> b.bucket(S3ServerResource.BUCKET));
            }
        }
        given().when().post("/tables/jobs/backups").then().statusCode(201);
    }
}
