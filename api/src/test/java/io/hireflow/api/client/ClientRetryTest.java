package io.hireflow.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.AnswerDroppingProxy;
import io.hireflow.api.support.Database;
import io.hireflow.client.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the real API through a proxy that loses answers after the API wrote the batch:
 * the client resends with the same Idempotency-Key, the API replays, every row is stored once.
 */
@QuarkusTest
class ClientRetryTest {

    private static final Path WORK = Path.of("target/client-test");

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @BeforeEach
    void seed() throws IOException {
        db.clear();
        db.seedDepartmentsAndJobs(3, 3);
        Files.createDirectories(WORK);
    }

    @Test
    void lostAnswersAreRetriedAndEveryRowIsStoredOnce() throws IOException {
        Path file = employees("employees-lost-answers.csv", 2500);
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(url.getPort(), 2)) {
            ClientRun run = ClientRun.run(proxy.url(), "post", "employees", file.toString(), "--json");
            assertEquals(ExitCode.OK, run.exitCode(), run.toString());
            assertEquals(2, proxy.dropped(), "the first two answers were lost after the API wrote the batch");
            assertTrue(run.err().contains("Lost the connection"), run.err());
        }
        assertEquals(2500, db.count("employees"), "every row once, none doubled by the resends");
        assertEquals(0, db.count("rejected_rows"), "the resends were replays, not duplicates");
    }

    @Test
    void givingUpNamesTheBatchAndARerunOfTheSameCommandFinishesWithEveryRowOnce() throws IOException {
        Path file = employees("employees-given-up.csv", 2500);
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(url.getPort(), Integer.MAX_VALUE)) {
            ClientRun run = ClientRun.run(proxy.url(), "--retries", "1", "post", "employees", file.toString());
            assertEquals(ExitCode.ERROR, run.exitCode(), run.toString());
            assertTrue(run.err().contains("Batch 1 of " + file + " (lines 1-1000) may not have been written"),
                    run.err());
            assertTrue(run.err().contains("run the same command again"), run.err());
        }
        assertEquals(1000, db.count("employees"), "the first batch was written although its answers were lost");
        ClientRun rerun = ClientRun.run(url.toString(), "post", "employees", file.toString(), "--json");
        assertEquals(ExitCode.OK, rerun.exitCode(), rerun.toString());
        assertEquals(2500, db.count("employees"));
        assertEquals(0, db.count("rejected_rows"), "batch 1 was replayed, not reported as 1000 duplicates");
        assertEquals(3, db.count("idempotency_keys"));
    }

    private static Path employees(String name, int rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int line = 1; line <= rows; line++) {
            lines.add(line + ",Person " + line + ",2021-03-15T10:00:00Z," + (1 + line % 3) + "," + (1 + line % 3));
        }
        return Files.write(WORK.resolve(name), lines);
    }
}
