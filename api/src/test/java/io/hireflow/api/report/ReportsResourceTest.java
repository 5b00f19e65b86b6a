package io.hireflow.api.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both reports on a small hand-made data set that sits on the quarter and year boundaries, with a tie,
 * departments that hired no one, and names whose alphabetical order differs from their ids.
 */
@QuarkusTest
class ReportsResourceTest {

    @Inject
    Database db;

    private int nextEmployee = 1;

    @BeforeEach
    void seed() {
        db.clear();
        // Ids deliberately out of name order: ordering must follow the names.
        db.update("INSERT INTO departments VALUES (1,'Zeta'),(2,'Accounting'),(3,'Beta'),(4,'Alpha'),(5,'Gamma')");
        db.update("INSERT INTO jobs VALUES (1,'Analyst'),(2,'Clerk')");
        hire("2020-12-31 23:59:59", 2, 1); // last second of 2020: not in 2021
        hire("2021-03-31 23:59:59", 2, 1); // last second of Q1
        hire("2021-04-01 00:00:00", 2, 1); // first second of Q2
        hire("2021-12-31 23:59:59", 2, 2); // last second of Q4
        hire("2021-01-01 00:00:00", 1, 1); // first second of the year
        hire("2021-06-30 23:59:59", 1, 1);
        hire("2021-07-01 00:00:00", 1, 1);
        hire("2022-01-01 00:00:00", 1, 1); // first second of 2022: not in 2021
        hire("2021-09-30 23:59:59", 4, 2);
        hire("2021-10-01 00:00:00", 4, 2);
    }

    private void hire(String utc, int department, int job) {
        int id = nextEmployee++;
        db.update("INSERT INTO employees VALUES (" + id + ",'Employee " + id + "','" + utc + "'," + department + ","
                + job + ")");
    }

    @Test
    void hiresByQuarterSplitsTheYearOnUtcQuarterBoundaries() {
        given().when().get("/reports/hires-by-quarter?year=2021")
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("report", equalTo("hires-by-quarter"))
                .body("year", equalTo(2021))
                .body("generatedAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("rowCount", equalTo(4))
                .body("rows.department", contains("Accounting", "Accounting", "Alpha", "Zeta"))
                .body("rows.job", contains("Analyst", "Clerk", "Clerk", "Analyst"))
                .body("rows.q1", contains(1, 0, 0, 1))
                .body("rows.q2", contains(1, 0, 0, 1))
                .body("rows.q3", contains(0, 0, 1, 1))
                .body("rows.q4", contains(0, 1, 1, 0));
    }

    @Test
    void theLastSecondOfTheYearBeforeBelongsToThatYear() {
        given().when().get("/reports/hires-by-quarter?year=2020")
                .then().statusCode(200)
                .body("rowCount", equalTo(1))
                .body("rows[0].department", equalTo("Accounting"))
                .body("rows[0].q4", equalTo(1))
                .body("rows[0].q1", equalTo(0));
    }

    @Test
    void theMeanCountsDepartmentsThatHiredNoOneAndTiesAreOrderedByName() {
        // 8 hires in 2021 over 5 departments (Beta and Gamma hired no one): mean 1.6, so Alpha's 2 is above it.
        // Over the 3 hiring departments alone the mean would be 2.67 and Alpha would drop out.
        given().when().get("/reports/departments-above-mean?year=2021")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("report", equalTo("departments-above-mean"))
                .body("year", equalTo(2021))
                .body("mean", equalTo(1.6f))
                .body("meanOver", containsString("all 5 departments"))
                .body("meanOver", containsString("counting as 0"))
                .body("rowCount", equalTo(3))
                .body("rows.id", contains(2, 1, 4))
                .body("rows.department", contains("Accounting", "Zeta", "Alpha"))
                .body("rows.hired", contains(3, 3, 2));
    }

    @Test
    void aDepartmentExactlyAtTheMeanIsNotAboveIt() {
        db.clear();
        db.seedDepartmentsAndJobs(2, 1);
        hire("2021-05-05 05:05:05", 1, 1);
        hire("2021-06-06 06:06:06", 2, 1);
        given().when().get("/reports/departments-above-mean?year=2021")
                .then().statusCode(200)
                .body("mean", equalTo(1.0f))
                .body("rowCount", equalTo(0))
                .body("rows", empty());
    }

    @Test
    void aYearWithoutHiresGivesEmptyReports() {
        given().when().get("/reports/hires-by-quarter?year=2019")
                .then().statusCode(200)
                .body("year", equalTo(2019))
                .body("rowCount", equalTo(0))
                .body("rows", empty());
        given().when().get("/reports/departments-above-mean?year=2019")
                .then().statusCode(200)
                .body("rowCount", equalTo(0))
                .body("rows", empty())
                .body("mean", equalTo(0.0f))
                .body("meanOver", containsString("all 5 departments"));
        given().accept("text/csv").when().get("/reports/hires-by-quarter?year=2019")
                .then().statusCode(200)
                .body(equalTo("department,job,q1,q2,q3,q4\r\n"));
    }

    @Test
    void theFirstAndLastPossibleYearsWork() {
        hire("9999-12-31 23:59:59", 4, 1);
        hire("1900-01-01 00:00:00", 5, 1);
        given().when().get("/reports/hires-by-quarter?year=9999")
                .then().statusCode(200)
                .body("rows.department", contains("Alpha"))
                .body("rows[0].q4", equalTo(1));
        given().when().get("/reports/hires-by-quarter?year=1900")
                .then().statusCode(200)
                .body("rows.department", contains("Gamma"))
                .body("rows[0].q1", equalTo(1));
    }

    @Test
    void theYearDefaultsTo2021() {
        given().when().get("/reports/departments-above-mean")
                .then().statusCode(200)
                .body("year", equalTo(2021))
                .body("rowCount", equalTo(3));
    }

    @Test
    void csvIsServedWhenAskedForWithAHeaderRow() {
        String csv = given().accept("text/csv").when().get("/reports/hires-by-quarter?year=2021")
                .then().log().ifValidationFails()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract().asString();
        assertEquals("""
                department,job,q1,q2,q3,q4\r
                Accounting,Analyst,1,1,0,0\r
                Accounting,Clerk,0,0,0,1\r
                Alpha,Clerk,0,0,1,1\r
                Zeta,Analyst,1,1,1,0\r
                """, csv);
        given().accept("text/csv").when().get("/reports/departments-above-mean?year=2021")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(equalTo("id,department,hired\r\n2,Accounting,3\r\n1,Zeta,3\r\n4,Alpha,2\r\n"));
    }

    @Test
    void jsonWinsWhenTheClientAcceptsAnything() {
        given().accept("*/*").when().get("/reports/hires-by-quarter?year=2021")
                .then().statusCode(200).contentType(startsWith("application/json"));
        given().accept("application/json, text/csv;q=0.5").when().get("/reports/hires-by-quarter?year=2021")
                .then().statusCode(200).contentType(startsWith("application/json"));
        given().accept("text/csv, application/json;q=0.5").when().get("/reports/hires-by-quarter?year=2021")
                .then().statusCode(200).contentType(startsWith("text/csv"));
    }

    @Test
    void csvQuotesNamesThatNeedIt() {
        db.update("UPDATE departments SET department_name = 'Research, \"R&D\"' WHERE department_id = 4");
        given().accept("text/csv").when().get("/reports/departments-above-mean?year=2021")
                .then().statusCode(200)
                .body(containsString("\r\n4,\"Research, \"\"R&D\"\"\",2\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "1899", "10000", "", "+2021", " 2021", "2021.0", "0", "-2021", "２０２１" })
    void aBadYearIsA400Problem(String year) {
        for (String path : List.of("/reports/hires-by-quarter", "/reports/departments-above-mean",
                "/reports/hires-by-quarter/chart.png", "/reports/departments-above-mean/chart.svg")) {
            given().urlEncodingEnabled(false).when().get(path + "?year=" + encode(year))
                    .then().log().ifValidationFails()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://hireflow.io/problems/invalid-year"))
                    .body("detail", containsString("1900 to 9999"));
        }
        given().urlEncodingEnabled(false).when().post("/reports/render?year=" + encode(year))
                .then().statusCode(400)
                .body("type", equalTo("https://hireflow.io/problems/invalid-year"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aBadYearAnswersAProblemEvenToACsvClient() {
        given().accept("text/csv").queryParam("year", "nope").when().get("/reports/hires-by-quarter")
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void chartsArePngAndSvg() throws IOException {
        byte[] png = given().when().get("/reports/hires-by-quarter/chart.png?year=2021")
                .then().log().ifValidationFails()
                .statusCode(200).contentType("image/png")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "the PNG decodes");
        assertEquals(ReportCharts.WIDTH, image.getWidth());
        assertEquals(ReportCharts.HEIGHT, image.getHeight());

        byte[] svg = given().when().get("/reports/departments-above-mean/chart.svg?year=2021")
                .then().statusCode(200).contentType("image/svg+xml")
                .extract().asByteArray();
        String text = new String(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg") && text.trim().endsWith("</svg>"), "a whole SVG document");

        // An empty year still draws a chart (saying so) rather than failing.
        given().when().get("/reports/departments-above-mean/chart.png?year=1950")
                .then().statusCode(200).contentType("image/png");
    }

    @Test
    void anUnknownReportHasNoChart() {
        given().when().get("/reports/salaries/chart.png?year=2021")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hireflow.io/problems/report-not-found"))
                .body("reports", contains("hires-by-quarter", "departments-above-mean"));
    }
}
