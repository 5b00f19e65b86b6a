package io.hireflow.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the CPU of a benchmark goes, from Linux's {@code /proc}: CPU seconds over the run of this JVM's
 * threads grouped by role (the benchmark's clients, the API's workers and event loops, JIT, GC), of the
 * embedded {@code mariadbd} (a child of this JVM) and of the whole machine. On two cores shared by all
 * of them, throughput grows only by cutting CPU per row where it is spent. Sampled once a second, so a
 * thread that ends during the run still counts. Empty on systems without {@code /proc}.
 */
final class CpuSplit implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run

    /** Ticks per thread (or per process for the database and machine), first and last seen. */
    private final Map<String, long[]> ticks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cpu-split");
        thread.setDaemon(true);
        return thread;
    });
    private final long startNanos = System.nanoTime();
    private final String loadBefore = loadAverage();
    private volatile long endNanos;
    private volatile String loadAfter;

    private CpuSplit() {
        sample();
        sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    static CpuSplit start() {
        return new CpuSplit();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sample();
        endNanos = System.nanoTime();
        loadAfter = loadAverage();
    }

    private static String loadAverage() {
        String loadavg = read(Path.of("/proc/loadavg"));
        return loadavg == null ? "unknown" : String.join(", ", java.util.Arrays.copyOf(loadavg.split(" "), 3));
    }

    /** CPU seconds per group over the run, largest first, as a Markdown table with the share of 2 cores. */
    String markdown() {
        Map<String, Double> seconds = new TreeMap<>();
        ticks.forEach((key, firstLast) -> seconds.merge(key.substring(0, key.indexOf('|')),
                (firstLast[1] - firstLast[0]) / TICKS_PER_SECOND, Double::sum));
        double wall = (endNanos - startNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder(String.format(
                "Load average (1, 5, 15 min) at the start %s, at the end %s.%n%n"
                        + "CPU over the run (%.1f s wall, %d cores = %.1f CPU s):%n%n| where | CPU s | share of the cores |%n"
                        + "|---|---|---|%n", loadBefore, loadAfter, wall, cores, wall * cores));
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> md.append(String.format("| %s | %.1f | %.0f %% |%n", e.getKey(), e.getValue(),
                        100 * e.getValue() / (wall * cores))));
        return md.toString();
    }

    private void sample() {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String name = read(task.resolve("comm"));
                long used = threadTicks(task.resolve("stat"));
                if (name != null && used >= 0) {
                    record(group(name.strip()) + "|" + self + "/" + task.getFileName(), used);
                }
            });
        } catch (IOException | RuntimeException e) {
            return; // not Linux: no split
        }
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd")).orElse(false))
                .forEach(db -> record("database (mariadbd)|" + db.pid(),
                        threadTicks(Path.of("/proc/" + db.pid() + "/stat"))));
        String machine = read(Path.of("/proc/stat"));
        if (machine != null) {
            String[] cpu = machine.lines().findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]); // all but idle and iowait
            }
            record("whole machine (all processes)|", busy);
        }
    }

    private void record(String key, long used) {
        if (used >= 0) {
            ticks.compute(key, (k, firstLast) -> firstLast == null ? new long[] {used, used}
                    : new long[] {firstLast[0], used});
        }
    }

    /** The benchmark's own threads, the API's, and the JVM's housekeeping, by thread name. */
    private static String group(String thread) {
        if (thread.startsWith("pool-") || thread.startsWith("HttpClient")) {
            return "benchmark clients (JDK HttpClient)";
        }
        if (thread.startsWith("executor-thread")) {
            return "API workers (parse, checks, JDBC)";
        }
        if (thread.startsWith("vert.x")) {
            return "API HTTP (Vert.x event loops)";
        }
        if (thread.contains("Compiler")) {
            return "JVM JIT compilers";
        }
        if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
            return "JVM GC";
        }
        return "JVM other threads";
    }

    /** utime + stime of a /proc stat line, or -1 when the thread or process is gone. */
    private static long threadTicks(Path stat) {
        String line = read(stat);
        if (line == null) {
            return -1;
        }
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
