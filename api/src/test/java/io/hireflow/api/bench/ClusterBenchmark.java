package io.hireflow.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Batches through the cluster's load balancer with one API replica against two: 4 clients each posting 1000-row
 * employee batches with an Idempotency-Key. Needs the loopback cluster (docker/cluster/cluster.sh start;
 * HIREFLOW_CLUSTER_DIR).
 *
 * <p>First a warm-up through both replicas ({@code balance 2}), not counted, so that both JVMs have compiled the
 * batch path before anything is measured. Then rounds in the order 1, 2, 2, 1, 1, 2, 2, 1, ... replicas, which
 * cancels a drift that is linear in time (the table grows, the machine's background changes); the figure of each
 * side is the median of its rounds. Every round is printed with the load average and the CPU seconds each
 * cluster process (the three Galera nodes, HAProxy, each replica) and this JVM used during it, of which the
 * replicas' JIT compiler threads, and the machine's idle share. Each round checks
 * that every row was acknowledged as inserted exactly once (each answer 201 with every row inserted, none
 * rejected as a duplicate) and that every row is stored. Figures go to {@code api/target/bench/cluster.md}.
 *
 * <p>Run (on a quiet machine, under the lock, with the cluster started from the same build):
 * {@code HIREFLOW_CLUSTER_DIR=target/cluster ./mvnw -B -o test -pl client,api -Pbench -Dtest=ClusterBenchmark
 * [-Dbench.rounds=4] [-Dbench.batches=100] [-Dbench.warmup=750]}: {@code bench.rounds} rounds for each side,
 * {@code bench.batches} batches per client and round, {@code bench.warmup} batches per client in the warm-up.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ClusterBenchmark {

    private static final int CLIENTS = 4;
    private static final int ROWS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPLICAS = List.of("api1", "api2");
    private static final List<String> PROCESSES = List.of("node1", "node2", "node3", "haproxy", "api1", "api2",
            "bench");

    @Test
    void oneReplicaAgainstTwo() throws Exception {
        RunningCluster cluster = RunningCluster.require();
        cluster.seedParents();
        int rounds = Integer.getInteger("bench.rounds", 4);
        int batches = Integer.getInteger("bench.batches", 100);
        int warmup = Integer.getInteger("bench.warmup", 750);
        long next = (System.currentTimeMillis() / 1000 % 2000) * 1_000_000L + 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> pids = new LinkedHashMap<>(cluster.pids());
        pids.put("bench", ProcessHandle.current().pid());
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "started %s UTC; %d clients x %d batches of %d rows a round, warm-up %d batches a client through 2 "
                        + "replicas%n%n| round | replicas | rows | seconds | rows/s | load average after | CPU s: %s | "
                        + "of which JIT: api1 / api2 | idle %% |%n|---|---|---|---|---|---|---|---|---|%n",
                Instant.now().toString().substring(0, 19), CLIENTS, batches, ROWS, warmup,
                String.join(" / ", PROCESSES)));
        try {
            cluster.script("balance", "2");
            if (warmup > 0) {
                Round round = round(http, cluster, pids, next, warmup);
                next += (long) CLIENTS * warmup * ROWS;
                line(report, "warm-up", 2, round);
            }
            for (int i = 0; i < 2 * rounds; i++) {
                // 1, 2, 2, 1, 1, 2, 2, 1, ...: each side as often early as late.
                int replicas = (i + 1) / 2 % 2 == 0 ? 1 : 2;
                cluster.script("balance", String.valueOf(replicas));
                Round round = round(http, cluster, pids, next, batches);
                next += (long) CLIENTS * batches * ROWS;
                (replicas == 1 ? one : two).add(round.rate());
                line(report, String.valueOf(i + 1), replicas, round);
            }
        } finally {
            cluster.script("balance", "2");
        }
        report.append(String.format(Locale.ROOT, "%nmedian rows/s: 1 replica %.0f (%s), 2 replicas %.0f (%s); "
                + "2 replicas / 1 replica = %.2f%n", median(one), list(one), median(two), list(two),
                median(two) / median(one)));
        System.out.println(report);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/cluster.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Cluster benchmark: 4 clients, 1000-row batches, through the load balancer\n\n"
                + report);
    }

    /** One round of rows first..: timed, with each process's CPU time, then checked. */
    private static Round round(HttpClient http, RunningCluster cluster, Map<String, Long> pids, long first,
            int batches) throws Exception {
        Map<String, Long> cpuBefore = cpuTicks(pids);
        Map<String, Long> jitBefore = jitTicks(pids);
        long[] machineBefore = machineTicks();
        long start = System.nanoTime();
        long acknowledged = post(http, cluster, first, batches);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = cpuTicks(pids);
        Map<String, Long> jitAfter = jitTicks(pids);
        long[] machineAfter = machineTicks();
        String load = loadAverage();
        long rows = (long) CLIENTS * batches * ROWS;
        assertEquals(rows, acknowledged, "every row acknowledged as inserted once, none as a duplicate");
        assertEquals(rows, cluster.number("SELECT COUNT(*) FROM employees WHERE employee_id BETWEEN ? AND ?",
                first, first + rows - 1), "every row stored");
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            Long before = cpuBefore.get(name);
            Long after = cpuAfter.get(name);
            cpu.put(name, before == null || after == null ? Double.NaN : (after - before) / 100.0);
        }
        Map<String, Double> jit = new LinkedHashMap<>();
        for (String name : REPLICAS) {
            Long before = jitBefore.get(name);
            Long after = jitAfter.get(name);
            jit.put(name, before == null || after == null ? Double.NaN : (after - before) / 100.0);
        }
        long total = machineAfter[0] - machineBefore[0];
        double idle = total <= 0 ? Double.NaN : 100.0 * (machineAfter[1] - machineBefore[1]) / total;
        return new Round(rows, seconds, load, cpu, jit, idle);
    }

    private record Round(long rows, double seconds, String load, Map<String, Double> cpu, Map<String, Double> jit,
            double idle) {
        double rate() {
            return rows / seconds;
        }
    }

    private static void line(StringBuilder report, String name, int replicas, Round round) {
        List<String> cpu = round.cpu().values().stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList();
        List<String> jit = round.jit().values().stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList();
        String line = String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %s | %s | %s | %.0f |%n", name,
                replicas, round.rows(), round.seconds(), round.rate(), round.load(), String.join(" / ", cpu),
                String.join(" / ", jit), round.idle());
        report.append(line);
        System.out.print("cluster bench " + line);
    }

    /** Posts the rows first.. from 4 clients; returns how many rows the answers say were inserted. */
    private static long post(HttpClient http, RunningCluster cluster, long first, int batches) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long base = first + (long) c * batches * ROWS;
                clients.add(threads.submit(() -> {
                    long inserted = 0;
                    for (int b = 0; b < batches; b++) {
                        int from = (int) (base + (long) b * ROWS);
                        inserted += send(http, cluster, EmployeeBatches.of(from, ROWS), "bench-" + from);
                    }
                    return inserted;
                }));
            }
            long inserted = 0;
            for (Future<Long> client : clients) {
                inserted += client.get();
            }
            return inserted;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * One batch, resent with its key on a 503 (the API's retryable answer); the rows its answer says were
     * inserted, 0 unless none was rejected (a batch stored twice would be answered with its rows as duplicates).
     */
    private static long send(HttpClient http, RunningCluster cluster, String body, String key)
            throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.api
                    + "/tables/employees/rows")).timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + cluster.token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "\"" + key + "\"").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                JsonNode result = JSON.readTree(answer.body());
                return result.path("rejected").isEmpty() ? result.path("inserted").asLong() : 0;
            }
            if (answer.statusCode() != 503 || attempt >= 5) {
                throw new IllegalStateException("batch " + key + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            Thread.sleep(500);
        }
    }

    /** utime + stime of each process, in clock ticks (100 a second on Linux), from /proc/PID/stat. */
    private static Map<String, Long> cpuTicks(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException e) {
                // the process is gone: its column reads NaN
            }
        });
        return ticks;
    }

    /** CPU ticks of each replica's JIT compiler threads (C1, C2), from /proc/PID/task/TID/stat. */
    private static Map<String, Long> jitTicks(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String name : REPLICAS) {
            Long pid = pids.get(name);
            if (pid == null) {
                continue;
            }
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                long sum = 0;
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // a compiler thread that ended (the JVM starts and stops them as needed)
                    }
                }
                ticks.put(name, sum);
            } catch (IOException | RuntimeException e) {
                // the process is gone: its column reads NaN
            }
        }
        return ticks;
    }

    /** The machine's total and idle clock ticks, from the "cpu" line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static String list(List<Double> values) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
