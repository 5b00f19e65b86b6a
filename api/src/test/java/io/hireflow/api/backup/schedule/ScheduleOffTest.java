package io.hireflow.api.backup.schedule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hireflow.api.support.Database;
import io.hireflow.api.support.TestTokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Without hireflow.backup.schedule.cron (the default) nothing is scheduled and the schedule says so. */
@QuarkusTest
class ScheduleOffTest {

    @Inject
    Scheduler scheduler;

    @Inject
    Database db;

    @Test
    void offByDefault() throws InterruptedException {
        db.update("DELETE FROM backup_schedule_runs");
        assertNull(scheduler.getScheduledJob(ScheduledBackups.JOB), "no trigger is registered");
        given().header("Authorization", TestTokens.bearer(TestTokens.READER)).when().get("/backups/schedule").then()
                .log().ifValidationFails().statusCode(200).body("enabled", equalTo(false))
                .body("cron", nullValue()).body("timeZone", equalTo("UTC")).body("nextRun", nullValue())
                .body("lastRun", nullValue());
        Thread.sleep(1500); // longer than the shortest possible cron period: a tick would have fired
        assertEquals(0, db.count("backup_schedule_runs"));
    }
}
