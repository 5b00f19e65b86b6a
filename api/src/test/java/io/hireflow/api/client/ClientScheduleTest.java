package io.hireflow.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.hireflow.client.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hireflow schedule} against the real API (schedule off, as by default) and its runs table. */
@QuarkusTest
class ClientScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database db;

    @TestHTTPResource("/")
    URL url;

    @BeforeEach
    void noRuns() {
        db.update("DELETE FROM backup_schedule_runs");
    }

    @Test
    void saysTheScheduleIsOffAndHowToTurnItOn() {
        ClientRun run = run("schedule");
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("off (set hireflow.backup.schedule.cron"), run.out());
        assertTrue(run.out().contains("HIREFLOW_BACKUP_SCHEDULE_CRON='0 30 2 * * ?'"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("last run: +none yet")), run.out());
    }

    @Test
    void showsTheLastRunWithItsOutcomeAndMessage() throws Exception {
        db.update("INSERT INTO backup_schedule_runs VALUES ('2026-12-07 02:30:00', 'api@node-2:41', "
                + "'2026-12-07 02:30:00.004', '2026-12-07 02:30:01.250', 'FAILED', NULL, 'Disk full. Free space.')");
        ClientRun run = run("schedule");
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("last run: +tick 2026-12-07T02:30:00Z, FAILED")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("ran on: +api@node-2:41")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("message: +Disk full\\. Free space\\.")), run.out());

        ClientRun json = run("schedule", "--json");
        assertEquals(ExitCode.OK, json.exitCode(), json.toString());
        JsonNode answer = JSON.readTree(json.out());
        assertEquals(false, answer.path("enabled").asBoolean(true));
        assertEquals("FAILED", answer.at("/lastRun/outcome").asText());
        assertEquals("2026-12-07T02:30:01.250Z", answer.at("/lastRun/finishedAt").asText());
    }

    private ClientRun run(String... args) {
        // A reader token is enough: the schedule is for monitoring.
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--token";
        all[args.length + 1] = TestTokens.READER;
        return ClientRun.run(url.toString(), all);
    }
}
