package io.hireflow.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.client.cli.ExitCode;
import io.hireflow.client.cli.HireflowCommand;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Four clients (the real command line, in-process) posting CSV files of 1000-row batches through the load
 * balancer at the same time, each file its own range of employee ids, every 50th row invalid. When a client
 * gives up it must name the batch to resend; it is then run again with the same command (same
 * Idempotency-Keys), as its message says, until it finishes.
 */
final class PostingClients implements AutoCloseable {

    static final int CLIENTS = 4;
    static final int INVALID_EVERY = 50;
    private static final Pattern NAMES_THE_BATCH = Pattern.compile("Batch \\d+ of \\S+ \\(lines \\d+-\\d+\\)");

    private final RunningCluster cluster;
    private final String marker;
    private final long firstId;
    private final int rowsPerClient;
    private final List<Path> files = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
    private final List<Future<Run>> running = new ArrayList<>();
    private final List<String> gaveUp = new ArrayList<>();

    record Run(int exitCode, String out, String err) {
    }

    /** @param marker names the scenario in the invalid rows, so its rejects can be counted */
    PostingClients(RunningCluster cluster, String marker, long firstId, int rowsPerClient, Path work)
            throws IOException {
        this.cluster = cluster;
        this.marker = marker;
        this.firstId = firstId;
        this.rowsPerClient = rowsPerClient;
        Files.createDirectories(work);
        for (int c = 0; c < CLIENTS; c++) {
            Path file = work.resolve(marker + "-client" + (c + 1) + ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (int i = 0; i < rowsPerClient; i++) {
                    long id = firstId + (long) c * rowsPerClient + i;
                    boolean invalid = i % INVALID_EVERY == INVALID_EVERY - 1;
                    out.write(id + "," + (invalid ? marker + "-bad-" + id : "E" + id) + ","
                            + (invalid ? "2021-13-45T00:00:00Z" : "2021-07-27T16:02:08Z") + "," + (id % 5 + 1) + ","
                            + (id % 5 + 1) + "\n");
                }
            }
            files.add(file);
        }
    }

    void start() {
        for (Path file : files) {
            running.add(threads.submit(() -> post(file)));
        }
    }

    /** True while at least one client still posts: a kill must land under running clients to prove anything. */
    boolean stillPosting() {
        return running.stream().anyMatch(f -> !f.isDone());
    }

    /**
     * Waits for every client; a client that gave up must have said which batch to resend, and is run again
     * until it finishes. Returns the rows the API acknowledged as inserted (from the finishing runs' summaries,
     * which count replayed batches too).
     */
    long finish() throws Exception {
        long acknowledged = 0;
        for (int c = 0; c < files.size(); c++) {
            Run run = running.get(c).get();
            // REJECTED: the client ran to the end and some rows were rejected (every 50th row is invalid).
            for (int rerun = 0; run.exitCode() != ExitCode.REJECTED && rerun < 3; rerun++) {
                assertTrue(NAMES_THE_BATCH.matcher(run.err()).find() && run.err().contains("To resend"),
                        "a client that gives up names the batch to resend (exit " + run.exitCode() + "):\n"
                                + run.err());
                gaveUp.add(files.get(c).getFileName() + ": " + firstLine(run.err()));
                run = post(files.get(c));
            }
            assertEquals(ExitCode.REJECTED, run.exitCode(), "client " + (c + 1) + " finished:\n" + run.err());
            JsonNode summary = new ObjectMapper().readTree(run.out());
            assertEquals(rowsPerClient, summary.path("sent").asLong(), run.out());
            acknowledged += summary.path("inserted").asLong();
            assertEquals(validRowsPerClient(), summary.path("inserted").asLong(), "client " + (c + 1) + ": " + run.out());
            assertEquals(rowsPerClient - validRowsPerClient(), summary.path("rejected").asLong(), run.out());
        }
        return acknowledged;
    }

    /** What the clients that gave up said, one line each (for the test's output). */
    List<String> gaveUp() {
        return gaveUp;
    }

    long validRows() {
        return (long) CLIENTS * validRowsPerClient();
    }

    long invalidRows() {
        return (long) CLIENTS * rowsPerClient - validRows();
    }

    private long validRowsPerClient() {
        return rowsPerClient - rowsPerClient / INVALID_EVERY;
    }

    /**
     * After {@link #finish()}: every acknowledged row stored once, no other row of the scenario's ids, every
     * invalid row recorded once in rejected_rows.
     */
    /**
     * Waits until the clients have stored {@code share} of their valid rows (or stopped, or two minutes passed):
     * a kill then lands mid-way whether the machine is quiet or saturated, where a fixed sleep missed both ways.
     */
    void awaitProgress(double share) {
        long target = (long) (share * validRows());
        long deadline = System.currentTimeMillis() + 120_000;
        while (stored() < target && stillPosting() && System.currentTimeMillis() < deadline) {
            RunningCluster.sleep(100);
        }
    }

    private long stored() {
        return cluster.number("SELECT COUNT(*) FROM employees WHERE employee_id BETWEEN ? AND ?", firstId, lastId());
    }

    private long lastId() {
        return firstId + (long) CLIENTS * rowsPerClient - 1;
    }

    void assertExactlyOnce(long acknowledged) {
        long lastId = lastId();
        assertEquals(validRows(), acknowledged, "the API acknowledged every valid row");
        assertEquals(acknowledged, stored(), "acknowledged rows = stored rows");
        assertEquals(acknowledged, cluster.number("SELECT COUNT(DISTINCT employee_id) FROM employees "
                + "WHERE employee_id BETWEEN ? AND ?", firstId, lastId), "no duplicate");
        assertEquals(invalidRows(), cluster.number("SELECT COUNT(*) FROM rejected_rows WHERE table_name = 'employees' "
                + "AND row_json LIKE ?", "%" + marker + "-bad-%"), "every reject recorded exactly once");
    }

    private Run post(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var command = HireflowCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute("--api-url", cluster.api, "--token", cluster.token, "--log-dir",
                file.getParent().resolve("logs").toString(), "--retries", "6", "--timeout", "120", "post",
                "employees", file.toString(), "--json");
        return new Run(code, out.toString(), err.toString());
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> l.contains("Batch ")).findFirst().orElse(text.strip());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    static Path work(String name) {
        try {
            return Files.createDirectories(Path.of("target/cluster-test", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
