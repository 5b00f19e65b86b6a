package io.hireflow.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hireflow.api.backup.IndependentAvro;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Imports a 1M-row file written by Python's Avro (the seed's shape, snappy) while sampling the heap, in the
 * bench profile's -Xmx256m: the upload is streamed to disk and the rows to the rewritten backup, so the heap
 * stays flat whatever the file's size. Not a unit test:
 * {@code ./mvnw -B test -pl client,api -Pbench -Dtest=ImportBenchmark}. Python writes the file in ~1-4 min
 * (kept in target/imports for the next run).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ImportBenchmark {

    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @Test
    void importOneMillionEmployees() throws Exception {
        Path file = IndependentAvro.file("seed-employees", "snappy", ROWS);
        db.clear();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "tables/employees/backups/import"))
                .header("Content-Type", "application/avro")
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        assertEquals(201, answer.statusCode(), answer.body());
        String figures = String.format(java.util.Locale.ROOT,
                "Import of %,d rows (%,d bytes, snappy, written by python3-avro): %.1f s, %,.0f rows/s; heap used "
                        + "%d MB before, peak %d MB (max %d MB); load average %s",
                ROWS, Files.size(file), seconds, ROWS / seconds, before >> 20, peak.get() >> 20,
                runtime.maxMemory() >> 20, load);
        System.out.println(figures);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/import.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures + "\n");
    }
}
