package io.hireflow.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Load test, not a unit test: N clients post 1000-row employee batches for a while, each followed by
 * lookups of rows it wrote; then every acknowledged row must be in the table. Latency percentiles per
 * kind of call go to {@code api/target/bench/load.md} (or {@code -Dbench.out=...}).
 *
 * <p>Run: {@code ./mvnw -B test -pl client,api -Pbench -Dtest=LoadBenchmark [-Dbench.seconds=60] [-Dbench.clients=4]
 * [-Dbench.batchesOnly=true] [-Dbench.keys=false]}: batches only leaves out the lookups, GET /tables and backups;
 * every batch carries an Idempotency-Key unless keys=false.
 * A backup endpoint is exercised too when it exists in the build ({@code POST /tables/jobs/backups}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LoadBenchmark {

    static final int ROWS = 1000;
    static final int LOOKUPS_PER_BATCH = 5;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Database db;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final ObjectMapper json = new ObjectMapper();
    final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    /** Calls that start before this instant (System.nanoTime) are the warm-up: neither timed nor counted. */
    volatile long measureFrom;

    @Test
    void concurrentBatchesWithLookupsLoseNothing() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int clients = Integer.getInteger("bench.clients", 4);
        // Batches only: the write path alone, as issue #11's target is stated (no lookups, GET /tables or backups).
        boolean batchesOnly = Boolean.getBoolean("bench.batchesOnly");
        // Every batch with its own Idempotency-Key, as the client sends them (-Dbench.keys=false: none).
        boolean keys = Boolean.parseBoolean(System.getProperty("bench.keys", "true"));
        // Sustained throughput: the clients post for this long first, while the JIT compiles the hot paths (in a
        // fresh JVM it takes a third of the CPU of a 20 s run); those batches are checked but not timed.
        int warmup = Integer.getInteger("bench.warmupSeconds", 0);
        db.clear();
        db.seedDepartmentsAndJobs(20, 20);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong acknowledgedTimed = new AtomicLong();
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long deadline = measureFrom + seconds * 1_000_000_000L;
        Instant runId = Instant.now();

        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int first = nextBatch.getAndIncrement() * ROWS + 1;
                    HttpRequest.Builder post = HttpRequest.newBuilder(uri("tables/employees/rows"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(batch(first)));
                    if (keys) {
                        post.header("Idempotency-Key", "\"bench-" + runId + "-" + first + "\"");
                    }
                    boolean timed = System.nanoTime() >= measureFrom;
                    HttpResponse<String> answer = call("batch", post);
                    if (answer.statusCode() != 201) {
                        errors.incrementAndGet();
                        continue;
                    }
                    long inserted = json.readTree(answer.body()).get("inserted").asLong();
                    acknowledged.addAndGet(inserted);
                    if (timed) {
                        acknowledgedTimed.addAndGet(inserted);
                    }
                    if (batchesOnly) {
                        continue;
                    }
                    for (int i = 0; i < LOOKUPS_PER_BATCH; i++) {
                        int id = first + ThreadLocalRandom.current().nextInt(ROWS);
                        if (call("lookup", HttpRequest.newBuilder(uri("tables/employees/rows/" + id)).GET())
                                .statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                    if (call("tables", HttpRequest.newBuilder(uri("tables")).GET()).statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // One more client takes a backup of a small table every 10 s, if the backup feature is in this build.
        running.add(pool.submit(() -> {
            while (!batchesOnly && System.nanoTime() < deadline) {
                int status = call("backup", HttpRequest.newBuilder(uri("tables/jobs/backups"))
                        .POST(HttpRequest.BodyPublishers.noBody())).statusCode();
                if (status == 404 || status == 405) {
                    latencies.remove("backup");
                    return null; // not in this build
                }
                if (status != 201) {
                    errors.incrementAndGet();
                }
                Thread.sleep(10_000);
            }
            return null;
        }));
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        CpuSplit cpu = CpuSplit.start();
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        cpu.close();
        double elapsed = (System.nanoTime() - measureFrom) / 1e9;
        long inTable = db.count("employees");
        report(seconds, clients, (batchesOnly ? " -Dbench.batchesOnly=true" : "") + (keys ? "" : " -Dbench.keys=false")
                + (warmup > 0 ? " -Dbench.warmupSeconds=" + warmup : ""), elapsed, acknowledged.get(),
                acknowledgedTimed.get(), inTable, errors.get(), cpu);
        assertEquals(0, errors.get(), "errors: " + statuses);
        assertEquals(acknowledged.get(), inTable, "acknowledged rows vs rows in the table");
        assertTrue(acknowledged.get() > 0);
    }

    private HttpResponse<String> call(String kind, HttpRequest.Builder request) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (t0 >= measureFrom) {
            latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(System.nanoTime() - t0);
        }
        statuses.computeIfAbsent(kind + " " + answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        return answer;
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    private void report(int seconds, int clients, String options, double elapsed, long acknowledged,
            long acknowledgedTimed, long inTable, int errors, CpuSplit cpu) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ops load benchmark\n\n");
        md.append("Rerun: `./mvnw -B test -pl client,api -Pbench -Dtest=LoadBenchmark -Dbench.seconds=")
                .append(seconds).append(" -Dbench.clients=").append(clients).append(options).append("`\n\n");
        md.append("Run at ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, embedded MariaDB (").append(System.getProperty("os.name")).append(", Java ")
                .append(System.getProperty("java.version")).append("); client and server share the machine.\n\n");
        md.append("- ").append(clients).append(" clients, each: POST 1000 employees, then ").append(LOOKUPS_PER_BATCH)
                .append(" GET /tables/employees/rows/{id} and one GET /tables, for ").append(seconds).append(" s")
                .append(" (plus a backup of jobs every 10 s when the backup endpoint exists)\n");
        md.append(String.format("- elapsed %.1f s; rows acknowledged %d; rows in table %d; %s; errors %d%n",
                elapsed, acknowledged, inTable, acknowledged == inTable ? "no loss" : "MISMATCH", errors));
        if (acknowledgedTimed != acknowledged) {
            md.append(String.format("- after the warm-up (not timed, its rows checked above): %d rows acknowledged "
                    + "in %.1f s%n", acknowledgedTimed, elapsed));
        }
        md.append(String.format("- throughput: %.0f rows/s inserted%n%n", acknowledgedTimed / elapsed));
        md.append("| call | count | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        latencies.forEach((kind, list) -> {
            List<Long> sorted = new ArrayList<>(list);
            Collections.sort(sorted);
            md.append(String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", kind, sorted.size(),
                    ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), ms(sorted, 1.0)));
        });
        md.append("\nStatus counts: ").append(new java.util.TreeMap<>(statuses)).append('\n');
        md.append('\n').append(cpu.markdown());
        Path out = Path.of(System.getProperty("bench.out", "target/bench/load.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000.0;
    }

    static String batch(int first) {
        StringBuilder rows = new StringBuilder(ROWS * 130).append('[');
        for (int id = first; id < first + ROWS; id++) {
            rows.append(id > first ? "," : "").append("{\"employee_id\":").append(id)
                    .append(",\"employee_name\":\"Employee number ").append(id)
                    .append("\",\"hiring_date\":\"2021-07-27T16:02:08Z\",\"department_id\":").append(id % 20 + 1)
                    .append(",\"job_id\":").append(id % 20 + 1).append('}');
        }
        return rows.append(']').toString();
    }

}
