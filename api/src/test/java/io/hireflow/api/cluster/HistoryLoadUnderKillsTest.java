package io.hireflow.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History loads on two replicas: two simultaneous starts, one on each replica, give exactly one 202 and one
 * 409 (the lease is a row, not a lock of one node or process); the replica running the load is then killed with
 * SIGKILL half way, restarted, and the load run again: every valid row stored once, every reject once.
 */
class HistoryLoadUnderKillsTest {

    private static final int ROWS = 300_000;
    private static final int INVALID_EVERY = 100;

    private RunningCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = RunningCluster.require();
        cluster.seedParents();
    }

    @Test
    void simultaneousStartsOnBothReplicasThenTheRunningOneKilledHalfWayAndTheLoadRerun() throws Exception {
        long firstId = (System.currentTimeMillis() / 1000 % 2000) * 1_000_000L + 500_001;
        String marker = "history-" + firstId;
        Path history = cluster.shared.resolve("history");
        Files.createDirectories(history);
        // A file of its own each run (its own ids, so its own checksum): the manifest never calls it loaded.
        Path file = history.resolve("employees.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < ROWS; i++) {
                long id = firstId + i;
                boolean invalid = i % INVALID_EVERY == INVALID_EVERY - 1;
                out.write(id + "," + (invalid ? marker + "-bad-" + id : "H" + id) + ","
                        + (invalid ? "2021-02-30T00:00:00Z" : "2021-07-27T16:02:08Z") + "," + (id % 5 + 1) + ","
                        + (id % 5 + 1) + "\n");
            }
        }
        String request = "{\"tables\":[\"employees\"],\"chunkRows\":5000}";

        // Both replicas at once, straight to each (not through the balancer).
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> starts = List.of(cluster.api1, cluster.api2).stream()
                .map(api -> CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return cluster.post(api + "/history/loads", request);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
        go.countDown();
        HttpResponse<String> first = starts.get(0).get();
        HttpResponse<String> second = starts.get(1).get();
        List<Integer> statuses = List.of(first.statusCode(), second.statusCode());
        assertTrue(statuses.contains(202) && statuses.contains(409),
                "exactly one 202 and one 409: " + first.body() + " / " + second.body());
        int runner = first.statusCode() == 202 ? 1 : 2;
        String accepted = (runner == 1 ? first : second).body();
        String id = RunningCluster.json(runner == 1 ? first : second).path("id").asText();
        String runnerUrl = runner == 1 ? cluster.api1 : cluster.api2;
        String otherUrl = runner == 1 ? cluster.api2 : cluster.api1;

        // Half way: some chunks committed, not all.
        long inserted = 0;
        for (int wait = 0; wait < 600 && inserted < 20_000; wait++) {
            JsonNode status = RunningCluster.json(cluster.get(otherUrl + "/history/loads/" + id));
            assertEquals("RUNNING", status.path("status").asText(), "still running: " + status + " (" + accepted + ")");
            inserted = status.path("tables").path(0).path("rowsInserted").asLong();
            RunningCluster.sleep(100);
        }
        cluster.script("kill-api", String.valueOf(runner));
        long before = cluster.number("SELECT COUNT(*) FROM employees WHERE employee_id BETWEEN ? AND ?", firstId,
                firstId + ROWS - 1);
        assertTrue(before > 0 && before < ROWS - ROWS / INVALID_EVERY, "killed half way: " + before + " rows stored");
        cluster.script("start-api", String.valueOf(runner));

        // Rerun through the balancer: refused (409) while the dead load's lease lasts, then accepted.
        HttpResponse<String> rerun = null;
        for (int attempt = 0; attempt < 120; attempt++) {
            rerun = cluster.post(cluster.api + "/history/loads", request);
            if (rerun.statusCode() != 409) {
                break;
            }
            RunningCluster.sleep(1000);
        }
        assertEquals(202, rerun.statusCode(), rerun.body());
        String rerunId = RunningCluster.json(rerun).path("id").asText();
        JsonNode done = null;
        for (int wait = 0; wait < 600; wait++) {
            done = RunningCluster.json(cluster.get(cluster.api + "/history/loads/" + rerunId));
            if (!"RUNNING".equals(done.path("status").asText())) {
                break;
            }
            RunningCluster.sleep(500);
        }
        assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
        long valid = ROWS - ROWS / INVALID_EVERY;
        assertEquals(valid, cluster.number("SELECT COUNT(*) FROM employees WHERE employee_id BETWEEN ? AND ?",
                firstId, firstId + ROWS - 1), "every valid row stored once: " + done);
        assertEquals(ROWS / INVALID_EVERY, cluster.number("SELECT COUNT(*) FROM rejected_rows WHERE table_name = "
                + "'employees' AND row_json LIKE ?", "%" + marker + "-bad-%"), "every reject recorded once: " + done);
        System.out.println("history load: killed after " + before + " rows; rerun " + done.path("tables").path(0));
    }
}
