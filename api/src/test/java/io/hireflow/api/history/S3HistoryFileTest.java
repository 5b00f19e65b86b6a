package io.hireflow.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.sample.HistoryGenerator;
import io.hireflow.api.storage.FolderStorage;
import io.hireflow.api.storage.ObjectChangedException;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.storage.S3Storage;
import io.hireflow.api.support.ConnectionCuttingProxy;
import io.hireflow.api.support.HeapPeak;
import io.hireflow.api.support.S3Server;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1M-row history file read from a bucket of a real S3-protocol server (s3proxy) is cut into exactly the
 * chunks the same file gives from a folder, its checksum is its SHA-256, a resume reads from an offset
 * inside the object, and the heap stays flat: nothing holds the object.
 */
class S3HistoryFileTest {

    private static final String BUCKET = "hireflow-history-file-test";
    private static final int ROWS = 1_000_000;
    private static final int CHUNK_ROWS = 10_000;

    private static S3Server server;
    private static S3Client client;
    private static Path folder;
    private static HistoryFile local;
    private static HistoryFile object;

    @BeforeAll
    static void upload() throws Exception {
        String why = S3Server.unavailableReason();
        assumeTrue(why == null, why);
        server = S3Server.start();
        server.createBucket(BUCKET);
        client = server.client();
        folder = Files.createDirectories(Path.of("target/s3-history-file-test"));
        Path file = folder.resolve("employees.csv");
        new HistoryGenerator(23, 0.03, 12, 183, ROWS).write(Table.EMPLOYEES, file, 1);
        S3Storage bucket = server.storage(client, BUCKET, "exports");
        try (ObjectStorage.Upload upload = bucket.create("employees.csv")) {
            try (OutputStream out = upload.stream()) {
                Files.copy(file, out);
            }
            upload.commit();
        }
        local = HistoryFiles.find(new FolderStorage(folder), Table.EMPLOYEES).orElseThrow();
        object = HistoryFiles.find(bucket, Table.EMPLOYEES).orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (folder != null) {
            Files.deleteIfExists(folder.resolve("employees.csv"));
        }
    }

    @Test
    void theObjectIsFoundWithItsSizeAndItsChecksumIsItsSha256() throws Exception {
        assertEquals("employees.csv", object.key());
        assertEquals(Files.size(folder.resolve("employees.csv")), object.size());
        assertTrue(object.size() > 40 << 20, "a 1M-row file: " + object.size());
        assertEquals(Sha256.hex(folder.resolve("employees.csv")), object.sha256());
        assertEquals(local.sha256(), object.sha256());
        assertTrue(object.location().endsWith("/exports/employees.csv"), object.location());
    }

    /** Cuts the file from the folder and {@code fromBucket} side by side: the same chunks; calls {@code each} after every one. */
    private static int assertSameChunks(HistoryFile fromBucket, IntConsumer each) throws Exception {
        int chunks = 0;
        try (CsvChunks folderChunks = new CsvChunks(local, CHUNK_ROWS, ChunkPipeline.MAX_CHUNK_BYTES);
                CsvChunks bucketChunks = new CsvChunks(fromBucket, CHUNK_ROWS, ChunkPipeline.MAX_CHUNK_BYTES)) {
            for (FileChunk expected = folderChunks.next(Long.MAX_VALUE); expected != null;
                    expected = folderChunks.next(Long.MAX_VALUE)) {
                assertEquals(expected.withoutBytes(), bucketChunks.next(Long.MAX_VALUE).withoutBytes(), "chunk " + chunks);
                each.accept(++chunks);
            }
            assertNull(bucketChunks.next(Long.MAX_VALUE), "the object ends where the file does");
        }
        return chunks;
    }

    @Test
    void theBucketGivesTheFoldersChunksWithTheHeapFlat() throws Exception {
        long before = HeapPeak.liveHeap();
        long[] mostRetained = {0};
        int chunks = assertSameChunks(object, n -> {
            if (n % 20 == 0) {
                mostRetained[0] = Math.max(mostRetained[0], HeapPeak.liveHeap() - before);
            }
        });
        System.out.printf("S3 history file of %d MiB in %d chunks: at most %d MiB kept on the heap while reading%n",
                object.size() >> 20, chunks, mostRetained[0] >> 20);
        assertEquals(ROWS / CHUNK_ROWS, chunks, "1M records");
        // A chunk (~0.5 MiB) and the read buffer, never the object (46 MiB).
        assertTrue(mostRetained[0] < (12L << 20), "reading kept " + (mostRetained[0] >> 20) + " MiB on the heap");
    }

    @Test
    void aConnectionCutMidObjectIsReadOnFromWhereItBroke() throws Exception {
        // The checksum's full read passes; the cut falls 8 MiB into the chunks' read.
        try (ConnectionCuttingProxy proxy = new ConnectionCuttingProxy(server.endpoint().getPort(),
                object.size() + (8L << 20)); S3Client viaProxy = server.client(URI.create(proxy.url()))) {
            HistoryFile cut = HistoryFiles.find(server.storage(viaProxy, BUCKET, "exports"), Table.EMPLOYEES)
                    .orElseThrow();
            assertEquals(local.sha256(), cut.sha256());
            assertEquals(ROWS / CHUNK_ROWS, assertSameChunks(cut, n -> { }));
            assertEquals(1, proxy.cuts(), "the connection was cut mid-object");
        }
    }

    @Test
    void anObjectReplacedAfterItWasFoundIsNeverReadOn() throws Exception {
        S3Storage bucket = server.storage(client, BUCKET, "replaced");
        bucket.put("jobs.csv", "1,Engineer\n2,Analyst\n".getBytes(StandardCharsets.UTF_8));
        HistoryFile found = HistoryFiles.find(bucket, Table.JOBS).orElseThrow();
        // The same size, other bytes: only the version tells them apart.
        bucket.put("jobs.csv", "1,Engineer\n2,Analysx\n".getBytes(StandardCharsets.UTF_8));
        assertReplaced(found);
    }

    @Test
    void aFileReplacedAfterItWasFoundIsNeverReadOn() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("replaced"));
        Path file = Files.writeString(dir.resolve("jobs.csv"), "1,Engineer\n2,Analyst\n");
        HistoryFile found = HistoryFiles.find(new FolderStorage(dir), Table.JOBS).orElseThrow();
        Path other = Files.writeString(dir.resolve(".jobs.csv.new"), "1,Engineer\n2,Analysx\n");
        Files.setLastModifiedTime(other, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(1)));
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertReplaced(found);
    }

    private static void assertReplaced(HistoryFile found) throws Exception {
        for (long offset : new long[] {0, 4}) {
            ObjectChangedException changed = assertThrows(ObjectChangedException.class, () -> found.open(offset).close());
            assertTrue(changed.getMessage().contains("jobs.csv was replaced while hireflow was reading it"),
                    changed.getMessage());
        }
        assertThrows(ObjectChangedException.class, found::sha256, "the checksum is of the version found");
        try (CsvChunks chunks = new CsvChunks(found, CHUNK_ROWS, ChunkPipeline.MAX_CHUNK_BYTES)) {
            assertThrows(ObjectChangedException.class, () -> chunks.next(Long.MAX_VALUE), "not read on, not retried");
        }
    }

    @Test
    void aResumeReadsFromInsideTheObjectAroundTheCommittedChunks() throws Exception {
        List<FileChunk> first = new ArrayList<>();
        try (CsvChunks fromFolder = new CsvChunks(local, CHUNK_ROWS, ChunkPipeline.MAX_CHUNK_BYTES)) {
            for (int i = 0; i < 6; i++) {
                first.add(fromFolder.next(Long.MAX_VALUE).withoutBytes());
            }
        }
        // Chunks 0-2 and 4 committed (two writers), 3 not: read 3, skip 4, read on after it.
        try (CsvChunks resumed = new CsvChunks(object, CHUNK_ROWS, ChunkPipeline.MAX_CHUNK_BYTES)) {
            for (int i = 0; i < 3; i++) {
                resumed.skipTo(first.get(i).endOffset(), first.get(i).endLine());
            }
            assertEquals(first.get(3), resumed.next(first.get(4).startOffset()).withoutBytes());
            resumed.skipTo(first.get(4).endOffset(), first.get(4).endLine());
            FileChunk fifth = resumed.next(Long.MAX_VALUE);
            assertNotNull(fifth);
            assertEquals(first.get(5), fifth.withoutBytes());
            CsvChunks.MalformedChunkException shorter = assertThrows(CsvChunks.MalformedChunkException.class,
                    () -> resumed.skipTo(object.size() + 1, 1));
            assertTrue(shorter.getMessage().contains("shorter than when its chunks were committed"));
        }
    }
}
