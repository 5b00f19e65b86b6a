package io.hireflow.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hireflow.api.cluster.RunningCluster;
import io.hireflow.api.support.EmployeeBatches;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Batches through the cluster's load balancer with one API replica, then two (alternating rounds): 4 clients
 * each posting 1000-row employee batches with an Idempotency-Key. Needs the loopback cluster
 * (docker/cluster/cluster.sh start; HIREFLOW_CLUSTER_DIR). Figures, with the load average, go to
 * {@code api/target/bench/cluster.md}.
 *
 * <p>Run: {@code HIREFLOW_CLUSTER_DIR=target/cluster ./mvnw -B test -pl client,api -Pbench -Dtest=ClusterBenchmark
 * [-Dbench.rounds=3] [-Dbench.batches=20]}
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ClusterBenchmark {

    private static final int CLIENTS = 4;
    private static final int ROWS = 1000;

    @Test
    void oneReplicaAgainstTwo() throws Exception {
        RunningCluster cluster = RunningCluster.require();
        cluster.seedParents();
        int rounds = Integer.getInteger("bench.rounds", 3);
        int batches = Integer.getInteger("bench.batches", 20);
        long next = (System.currentTimeMillis() / 1000 % 2000) * 1_000_000L + 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        StringBuilder report = new StringBuilder("| round | replicas | rows | seconds | rows/s | load average |\n"
                + "|---|---|---|---|---|---|\n");
        try {
            for (int round = 1; round <= rounds; round++) {
                for (int replicas = 1; replicas <= 2; replicas++) {
                    cluster.script("balance", String.valueOf(replicas));
                    long first = next;
                    next += (long) CLIENTS * batches * ROWS;
                    double seconds = post(http, cluster, first, batches);
                    long rows = (long) CLIENTS * batches * ROWS;
                    assertEquals(rows, cluster.number("SELECT COUNT(*) FROM employees WHERE employee_id BETWEEN ? AND ?",
                            first, first + rows - 1), "every row stored");
                    double rate = rows / seconds;
                    (replicas == 1 ? one : two).add(rate);
                    report.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.0f | %s |%n", round, replicas,
                            rows, seconds, rate, loadAverage()));
                }
            }
        } finally {
            cluster.script("balance", "2");
        }
        report.append(String.format(Locale.ROOT, "%nmedian rows/s: 1 replica %.0f, 2 replicas %.0f%n", median(one),
                median(two)));
        System.out.println(report);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/cluster.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Cluster benchmark: 4 clients, 1000-row batches, through the load balancer\n\n"
                + report);
    }

    private static double post(HttpClient http, RunningCluster cluster, long first, int batches) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long base = first + (long) c * batches * ROWS;
                clients.add(threads.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        int from = (int) (base + (long) b * ROWS);
                        send(http, cluster, EmployeeBatches.of(from, ROWS), "bench-" + from);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            threads.shutdownNow();
        }
    }

    /** One batch, resent with its key on a 503 (the API's retryable answer). */
    private static void send(HttpClient http, RunningCluster cluster, String body, String key)
            throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.api
                    + "/tables/employees/rows")).timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + cluster.token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "\"" + key + "\"").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                return;
            }
            if (answer.statusCode() != 503 || attempt >= 5) {
                throw new IllegalStateException("batch " + key + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            Thread.sleep(500);
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
