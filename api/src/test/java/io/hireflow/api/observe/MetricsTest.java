package io.hireflow.api.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters exist under the names dashboards and the shipped alert rules use. */
@QuarkusTest
class MetricsTest {

    @Inject
    Database db;

    @Inject
    BackupMetrics backups;

    @BeforeEach
    void clear() {
        db.clear();
    }

    @Test
    void batchesAndBackupsAreCounted() {
        given().contentType(ContentType.JSON)
                .body("[{\"department_id\":1,\"department_name\":\"A\"},{\"department_id\":0,\"department_name\":\"\"}]")
                .when().post("/tables/departments/rows").then().statusCode(200);
        // Other test classes back up and restore for real: compare against the values before.
        String before = scrape();
        backups.backupSucceeded(Table.JOBS, Duration.ofMillis(1500), 12, 3456);
        backups.restoreSucceeded(Table.JOBS, Duration.ofMillis(900), 12, false);

        String metrics = scrape();
        assertContains(metrics, "hireflow_rows_accepted_total{source=\"batch\",table=\"departments\"}");
        assertContains(metrics, "hireflow_rows_rejected_total{source=\"batch\",table=\"departments\"}");
        assertContains(metrics, "hireflow_rule_violations_total{rule=\"positive\",source=\"batch\",table=\"departments\"}");
        assertContains(metrics, "hireflow_batch_latency_seconds_count{table=\"departments\"}");
        assertEquals(1.0, value(metrics, "hireflow_backup_duration_seconds_count{table=\"jobs\"}")
                - value(before, "hireflow_backup_duration_seconds_count{table=\"jobs\"}"));
        assertEquals(12.0, value(metrics, "hireflow_backup_rows_sum{table=\"jobs\"}")
                - value(before, "hireflow_backup_rows_sum{table=\"jobs\"}"));
        assertEquals(3456.0, value(metrics, "hireflow_backup_bytes_sum{table=\"jobs\"}")
                - value(before, "hireflow_backup_bytes_sum{table=\"jobs\"}"));
        assertEquals(12.0, value(metrics, "hireflow_restore_rows_sum{table=\"jobs\"}")
                - value(before, "hireflow_restore_rows_sum{table=\"jobs\"}"));
        assertContains(metrics, "hireflow_backup_last_success_seconds{table=\"employees\"}");
        assertTrue(backups.lastSuccessEpochSeconds(Table.JOBS) > 1_700_000_000L);
    }

    @Test
    void everyMetricTheAlertRulesUseIsExported() throws IOException {
        given().contentType(ContentType.JSON).body("[{\"department_id\":0,\"department_name\":\"\"}]")
                .when().post("/tables/departments/rows").then().statusCode(422);
        backups.backupFailed(Table.DEPARTMENTS);
        String rules;
        try (InputStream in = getClass().getResourceAsStream("/prometheus/alerts.yml")) {
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("hireflow_[a-z_]+").matcher(rules);
        while (m.find()) {
            used.add(m.group());
        }
        assertTrue(used.size() >= 5, "rules found: " + used);
        String metrics = scrape();
        for (String name : used) {
            if (!name.equals("hireflow_rejects_file_failures_total")) { // only after a disk failure
                assertContains(metrics, name);
            }
        }
    }

    private static String scrape() {
        // The text format may end a label set with a comma; compare without it.
        return given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString()
                .replace(",}", "}");
    }

    /** A sample's value, or 0 when the series does not exist yet. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    private static void assertContains(String metrics, String expected) {
        String name = expected.replaceAll("[{ ].*", "");
        assertTrue(metrics.contains(expected), "missing from /q/metrics: " + expected + "; found: "
                + metrics.lines().filter(l -> l.startsWith(name)).toList());
    }
}
