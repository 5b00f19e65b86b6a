package io.hireflow.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four clients post 1000-row batches through the load balancer while things die under them: an API replica
 * (SIGKILL), the writer database node (SIGKILL), which then rejoins, and a restore runs on the other replica.
 * After each: the API acknowledged every valid row, acknowledged rows = stored rows, no duplicate, every
 * reject recorded once, and every client finished or named the batch to resend (and finished when rerun).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WritersUnderKillsTest {

    /** Enough rows that the clients outlast the kill on a quiet machine too (8,000 ended in about a second there). */
    private static final int ROWS_PER_CLIENT = 50_000;

    private static RunningCluster cluster;
    /** Ids of this run's rows: a fresh range each run, so nothing left from an earlier run is counted. */
    private static long firstId;

    /** Per test, not per class: a test skipped for want of a cluster then says why (a class-level skip is silent). */
    @BeforeEach
    void cluster() {
        if (cluster == null) {
            cluster = RunningCluster.require();
            cluster.seedParents();
            firstId = (System.currentTimeMillis() / 1000 % 2000) * 1_000_000L + 1;
        }
    }

    @Test
    @Order(1)
    void anApiReplicaKilledWhileFourClientsPost() throws Exception {
        try (PostingClients clients = clients("replica-killed", 0)) {
            clients.start();
            clients.awaitProgress(0.2);
            assertTrue(clients.stillPosting(), "the clients still post when the replica dies");
            cluster.script("kill-api", "1");
            long acknowledged = clients.finish();
            clients.assertExactlyOnce(acknowledged);
            System.out.println("replica killed: clients that gave up and were rerun: " + clients.gaveUp());
        } finally {
            cluster.script("start-api", "1");
        }
    }

    @Test
    @Order(2)
    void theWriterNodeKilledWhileFourClientsPostThenItRejoinsAndTheProxyStaysOnTheNewWriter() throws Exception {
        String writer = cluster.writer();
        String newWriter;
        try (PostingClients clients = clients("writer-killed", 1)) {
            clients.start();
            clients.awaitProgress(0.2);
            assertTrue(clients.stillPosting(), "the clients still post when the writer dies");
            cluster.script("kill-writer");
            long acknowledged = clients.finish();
            clients.assertExactlyOnce(acknowledged);
            System.out.println("writer killed: clients that gave up and were rerun: " + clients.gaveUp());
            newWriter = cluster.writer();
            assertNotEquals(writer, newWriter, "the proxy moved to another node");
        } finally {
            cluster.script("start-node", writer.substring("node".length()));
        }
        // Several health checks after the old writer is back (rise 2 x 1 s): the proxy must not fail back.
        RunningCluster.sleep(5000);
        assertEquals(newWriter, cluster.writer(), writer + " rejoined; the proxy stays on the new writer");
        try (PostingClients clients = clients("writer-rejoined", 2)) {
            clients.start();
            long acknowledged = clients.finish();
            clients.assertExactlyOnce(acknowledged);
        }
        assertEquals(newWriter, cluster.writer(), "still the same writer after more writes");
    }

    @Test
    @Order(3)
    void aRestoreOnTheOtherReplicaWhileFourClientsPostThroughTheBalancer() throws Exception {
        // The clients' employees refer to departments: restoring departments makes the swap and the batches'
        // shared locks on the parent rows meet.
        HttpResponse<String> backup = cluster.post(cluster.api2 + "/tables/departments/backups", "");
        assertEquals(201, backup.statusCode(), backup.body());
        long departments = cluster.number("SELECT COUNT(*) FROM departments");
        try (PostingClients clients = clients("restore", 3)) {
            clients.start();
            clients.awaitProgress(0.2);
            assertTrue(clients.stillPosting(), "the clients still post when the restore starts");
            HttpResponse<String> restore = cluster.post(cluster.api2 + "/tables/departments/restore",
                    "{\"backup\":\"latest\"}");
            assertEquals(200, restore.statusCode(), restore.body());
            JsonNode result = RunningCluster.json(restore);
            assertTrue(result.path("digestMatches").asBoolean(), "the restore's digest matches: " + restore.body());
            assertEquals(departments, result.path("rows").asLong(), restore.body());
            long acknowledged = clients.finish();
            clients.assertExactlyOnce(acknowledged);
            System.out.println("restore: clients that gave up and were rerun: " + clients.gaveUp());
        }
        assertEquals(departments, cluster.number("SELECT COUNT(*) FROM departments"), "the restored departments");
    }

    private static PostingClients clients(String scenario, int index) throws java.io.IOException {
        String marker = scenario + "-" + firstId;
        return new PostingClients(cluster, marker, firstId + index * 250_000L, ROWS_PER_CLIENT,
                PostingClients.work(marker));
    }
}
