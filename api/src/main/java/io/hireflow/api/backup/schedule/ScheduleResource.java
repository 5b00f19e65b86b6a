package io.hireflow.api.backup.schedule;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.observe.ApiTags;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The backup schedule: what is configured, when it fires next, and how the last run ended. */
@Path("/backups/schedule")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.BACKUPS)
@SecurityRequirement(name = "bearer", scopes = "reader")
public class ScheduleResource {

    private final Scheduler scheduler;
    private final ScheduledBackups scheduled;
    private final HireflowConfig config;

    ScheduleResource(Scheduler scheduler, ScheduledBackups scheduled, HireflowConfig config) {
        this.scheduler = scheduler;
        this.scheduled = scheduled;
        this.config = config;
    }

    @GET
    @Operation(operationId = "getBackupSchedule", summary = "Show the backup schedule, its next and last run",
            description = "The cron expression (hireflow.backup.schedule.cron) and its time zone, whether it is on, "
                    + "when this API process fires next, and the newest run of any replica: its tick, start, end, "
                    + "outcome (RUNNING, SUCCEEDED, FAILED, or INTERRUPTED when its API process stopped meanwhile), the "
                    + "backup set it wrote or what went wrong.")
    @APIResponse(responseCode = "200", description = "The schedule",
            content = @Content(schema = @Schema(implementation = BackupSchedule.class)))
    public BackupSchedule get() throws SQLException {
        // The trigger is the truth: "off", "disabled" or no cron at all register none.
        Trigger trigger = scheduler.getScheduledJob(ScheduledBackups.JOB);
        return new BackupSchedule(config.backup().schedule().cron().orElse(null), trigger != null,
                config.backup().schedule().timeZone(), trigger == null ? null : trigger.getNextFireTime(),
                scheduled.lastRun().orElse(null));
    }
}
