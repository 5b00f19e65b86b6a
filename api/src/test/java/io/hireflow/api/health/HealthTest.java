package io.hireflow.api.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class HealthTest {

    @Test
    void liveAndReadyWithEveryCheckNamed() {
        given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP")).body("checks.name", hasItems("api"));
        given().when().get("/q/health/ready")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("database", "shared-folder"));
    }

    @Test
    void livenessNamesTheProcessThatAnswers() {
        // ./up.sh compares it with the pid it started: another program on the port cannot pass for the API.
        long pid = given().when().get("/q/health/live").then().statusCode(200)
                .extract().jsonPath().getLong("checks.find { it.name == 'api' }.data.pid");
        assertEquals(ProcessHandle.current().pid(), pid);
    }

    @Test
    void aSharedFolderThatCannotTakeAWriteIsNotReady(@TempDir Path temp) throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("plain-file"), "x");
        // Running as root defeats permission tricks; a path under a regular file can never be written.
        HealthCheckResponse answer = new SharedFolderReadiness(notAFolder.resolve("shared")).call();
        assertEquals(HealthCheckResponse.Status.DOWN, answer.getStatus());
        assertEquals(HealthCheckResponse.Status.UP, new SharedFolderReadiness(temp.resolve("ok")).call().getStatus());
    }
}
