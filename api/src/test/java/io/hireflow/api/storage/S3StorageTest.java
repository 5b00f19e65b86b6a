package io.hireflow.api.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hireflow.api.digest.Sha256;
import io.hireflow.api.support.HeapPeak;
import io.hireflow.api.support.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Storage} against a real S3-protocol server (s3proxy in its own process, objects in a temporary folder). */
class S3StorageTest {

    private static S3Server server;
    private static S3Client client;
    private static final String BUCKET = "hireflow-storage-test";

    @BeforeAll
    static void start() throws Exception {
        String why = S3Server.unavailableReason();
        assumeTrue(why == null, why);
        server = S3Server.start();
        server.createBucket(BUCKET);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private S3Storage storage(String prefix) {
        return server.storage(client, BUCKET, prefix);
    }

    @Test
    void aLargeObjectGoesUpInPartsWithTheHeapFlatAndComesBackByteForByte() throws Exception {
        S3Storage storage = storage("flat");
        long size = 96L << 20; // 19 parts of 5 MiB and a short one
        MessageDigest written = Sha256.newDigest();
        long before = HeapPeak.liveHeap();
        long mostRetained = 0;
        try (ObjectStorage.Upload upload = storage.create("big/object.bin")) {
            OutputStream out = upload.stream();
            Random random = new Random(42);
            byte[] chunk = new byte[64 << 10];
            for (long sent = 0; sent < size; sent += chunk.length) {
                random.nextBytes(chunk);
                written.update(chunk);
                out.write(chunk);
                if (sent % (16L << 20) == 0 && sent > 0) { // every 16 MiB: what the upload keeps, garbage collected
                    mostRetained = Math.max(mostRetained, HeapPeak.liveHeap() - before);
                }
            }
            assertFalse(storage.exists("big/object.bin"), "nothing under the final name before the commit");
            assertTrue(storage.list("big/").isEmpty());
            upload.commit();
        }
        System.out.printf("S3 upload of %d MiB: at most %d MiB kept on the heap while uploading (load %s)%n",
                size >> 20, mostRetained >> 20,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        // Live objects, measured after a collection: a part buffer or two (8 MiB each), never the file (96 MiB).
        assertTrue(mostRetained < (40L << 20), "the upload kept " + (mostRetained >> 20) + " MiB on the heap");

        assertEquals(size, storage.size("big/object.bin"));
        assertEquals(List.of("big/object.bin"), storage.list("big/").stream().map(ObjectStorage.StoredObject::key).toList());
        MessageDigest read = Sha256.newDigest();
        try (InputStream in = storage.open("big/object.bin", 0)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                read.update(buffer, 0, n);
            }
        }
        assertArrayEquals(written.digest(), read.digest(), "the same bytes, by SHA-256");
        try (InputStream in = storage.open("big/object.bin", size - 3)) {
            assertEquals(3, in.readAllBytes().length, "a ranged read starts where asked");
        }
        try (InputStream in = storage.open("big/object.bin", size)) {
            assertEquals(0, in.readAllBytes().length);
        }
        storage.delete("big/object.bin");
        storage.delete("big/object.bin"); // a second delete (another replica's) is no error
        assertFalse(storage.exists("big/object.bin"));
    }

    @Test
    void smallObjectsArePutAndReadWhole() throws IOException {
        S3Storage storage = storage("small/");
        assertEquals("s3://" + BUCKET + "/small/", storage.location());
        storage.put("a/b.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{}", new String(storage.read("a/b.json").orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(storage.read("a/missing.json").isEmpty());
        assertThrows(NoSuchFileException.class, () -> storage.open("a/missing.json", 0));
        assertThrows(NoSuchFileException.class, () -> storage.size("a/missing.json"));
        try (ObjectStorage.Upload upload = storage.create("a/c.bin")) {
            upload.stream().write(new byte[] { 1, 2, 3 });
            upload.commit();
        }
        assertEquals(List.of("a/b.json", "a/c.bin"), storage.list("a/").stream().map(ObjectStorage.StoredObject::key).toList());
        assertEquals(List.of(), storage("other").list("a/"), "a prefix sees only its own objects");
        assertThrows(IllegalArgumentException.class, () -> storage.put("../escape", new byte[0]));
    }

    @Test
    void anUploadKilledHalfWayIsNeverListedAndTheSweepLeavesNothing() throws IOException {
        S3Storage storage = storage("killed");
        // What a process killed half way leaves: two parts up, never completed, never aborted.
        ObjectStorage.Upload dying = storage.create("employees/employees-x.avro");
        dying.stream().write(new byte[11 << 20]);
        assertFalse(storage.exists("employees/employees-x.avro"));
        assertEquals(List.of(), storage.list("employees/"));
        assertEquals(1, pendingUploads(), "the parts are on the server, invisible");

        assertEquals(0, storage.sweep("employees/", Instant.now().minusSeconds(3600)),
                "a young upload may be another replica's backup in progress: left alone");
        assertEquals(1, pendingUploads());
        assertEquals(1, storage.sweep("employees/", Instant.now().plusSeconds(60)));
        assertEquals(0, pendingUploads());
        assertEquals(List.of(), storage.list(""));
        assertEquals(List.of(), server.files(BUCKET).stream().filter(f -> f.toString().contains("killed")).toList(),
                "no part of it is left on the server");
    }

    @Test
    void anUploadClosedWithoutCommitIsAborted() throws IOException {
        S3Storage storage = storage("aborted");
        try (ObjectStorage.Upload upload = storage.create("x.avro")) {
            upload.stream().write(new byte[6 << 20]); // one part sent
        }
        assertFalse(storage.exists("x.avro"));
        assertEquals(0, pendingUploads());
    }

    @Test
    void wrongCredentialsAreRefusedSayingWhatToCheck() {
        try (S3Client wrong = server.client(S3Server.ACCESS_KEY, "not-the-secret")) {
            S3Storage storage = server.storage(wrong, BUCKET, "x");
            StorageException refused = assertThrows(StorageException.class, () -> storage.list("employees/"));
            assertEquals(StorageException.Reason.DENIED, refused.reason());
            assertTrue(refused.getMessage().contains("check the access key and secret"), refused.getMessage());
            assertEquals("s3://" + BUCKET + "/x/", refused.location());
        }
    }

    @Test
    void aMissingBucketIsNamedWithHowToCreateIt() {
        S3Storage storage = server.storage(client, "no-such-bucket", "");
        StorageException missing = assertThrows(StorageException.class,
                () -> storage.put("sets/x.json", new byte[] { 1 }));
        assertEquals(StorageException.Reason.NO_BUCKET, missing.reason());
        assertTrue(missing.getMessage().contains("'no-such-bucket' does not exist"), missing.getMessage());
        assertTrue(missing.getMessage().contains("aws s3 mb s3://no-such-bucket"), missing.getMessage());
        assertEquals(StorageException.Reason.NO_BUCKET,
                assertThrows(StorageException.class, () -> storage.list("sets/")).reason());
    }

    @Test
    void anUnreachableStoreSaysWhereItLooked() {
        int nobody = S3Server.freePort();
        try (S3Client nowhere = S3Client.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + nobody))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                .build()) {
            StorageException down = assertThrows(StorageException.class,
                    () -> server.storage(nowhere, BUCKET, "").exists("x"));
            assertEquals(StorageException.Reason.UNAVAILABLE, down.reason());
            assertTrue(down.getMessage().contains("hireflow.s3.endpoint"), down.getMessage());
        }
    }

    private int pendingUploads() {
        return client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
    }
}
