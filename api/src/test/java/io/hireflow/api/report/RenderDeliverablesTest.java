package io.hireflow.api.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /reports/render writes the whole deliverables set; GET /reports/deliverables/{name} serves only it. */
@QuarkusTest
class RenderDeliverablesTest {

    static final List<String> FILES = List.of("hires-by-quarter.csv", "departments-above-mean.csv",
            "hires-by-quarter.png", "hires-by-quarter.svg", "departments-above-mean.png",
            "departments-above-mean.svg", "index.html");

    @Inject
    Database db;

    @Inject
    HireflowConfig config;

    @BeforeEach
    void seed() {
        db.clear();
        // A name that must be escaped in the page and quoted in the CSV.
        db.update("INSERT INTO departments VALUES (1,'R&D <Lab> \"North\", East'),(2,'Sales'),(3,'Legal')");
        db.update("INSERT INTO jobs VALUES (1,'Engineer'),(2,'Account Manager')");
        db.update("INSERT INTO employees VALUES (1,'A','2021-02-01 10:00:00',1,1),(2,'B','2021-05-01 10:00:00',1,1),"
                + "(3,'C','2021-08-01 10:00:00',1,2),(4,'D','2021-11-01 10:00:00',2,2),(5,'E','2022-01-01 00:00:00',3,1)");
    }

    /** Renders year 2021 through the API and answers the deliverables folder. */
    static Path render() {
        JsonPath answer = given().when().post("/reports/render?year=2021")
                .then().log().ifValidationFails()
                .statusCode(201)
                .header("Location", endsWith("/reports/deliverables/index.html"))
                .body("year", equalTo(2021))
                .body("files.name", contains(FILES.toArray()))
                .body("files.bytes", everyItem(greaterThan(0)))
                .extract().jsonPath();
        return Path.of(answer.getString("directory"));
    }

    @Test
    void renderWritesEveryDeliverableAndServesTheSameBytes() throws IOException {
        Path dir = render();
        assertEquals(config.deliverablesDir().toAbsolutePath().normalize(), dir);
        JsonPath answer = given().when().post("/reports/render?year=2021").then().statusCode(201)
                .extract().jsonPath();
        for (int i = 0; i < FILES.size(); i++) {
            String name = FILES.get(i);
            byte[] onDisk = Files.readAllBytes(dir.resolve(name));
            assertEquals(answer.getLong("files[" + i + "].bytes"), onDisk.length, name);
            assertEquals("/reports/deliverables/" + name, answer.getString("files[" + i + "].url"));
            byte[] served = given().when().get("/reports/deliverables/" + name)
                    .then().statusCode(200).extract().asByteArray();
            assertEquals(new String(onDisk, StandardCharsets.ISO_8859_1), new String(served, StandardCharsets.ISO_8859_1),
                    name);
        }
        given().when().get("/reports/deliverables/index.html").then().contentType(startsWith("text/html"));
        given().when().get("/reports/deliverables/hires-by-quarter.png").then().contentType("image/png");
        given().when().get("/reports/deliverables/hires-by-quarter.svg").then().contentType("image/svg+xml");
        given().when().get("/reports/deliverables/hires-by-quarter.csv").then().contentType(startsWith("text/csv"));
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".render-")),
                    "no staging folder is left behind");
        }
        // The CSV deliverables are the CSV answers of the endpoints.
        assertEquals(given().accept("text/csv").get("/reports/departments-above-mean?year=2021").asString(),
                Files.readString(dir.resolve("departments-above-mean.csv")));
        assertEquals("id,department,hired\r\n1,\"R&D <Lab> \"\"North\"\", East\",3\r\n",
                Files.readString(dir.resolve("departments-above-mean.csv")));
    }

    @Test
    void thePageIsSelfContainedAndEscapesText() throws IOException {
        String html = Files.readString(render().resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("R&amp;D &lt;Lab&gt; &quot;North&quot;, East"), "names are escaped");
        assertFalse(html.contains("<Lab>"), "no raw markup from the data");
        assertEquals(2, count(html, "<svg"), "both charts inline");
        assertFalse(html.contains("<?xml"), "no XML prolog inside the page");
        assertFalse(html.contains("<!DOCTYPE svg"), "no SVG DOCTYPE inside the page");
        assertTrue(html.contains("id=\"hires-by-quarter-table\"") && html.contains("id=\"departments-above-mean-table\""));
        assertTrue(html.contains("1.33"), "the mean (4 hires / 3 departments) is on the page");
        // Nothing is fetched: no src/href attributes, no scripts, no url(...) other than the SVGs' own #clip ids.
        Matcher fetch = Pattern.compile("(?i)(src|href)\\s*=|url\\((?!#)|<script|<link").matcher(html);
        assertFalse(fetch.find(), () -> "the page fetches something: " + fetch.group());
    }

    @Test
    void aLaterRenderReplacesTheFiles() throws IOException {
        Path dir = render();
        given().when().post("/reports/render?year=2019").then().statusCode(201).body("year", equalTo(2019));
        assertEquals("department,job,q1,q2,q3,q4\r\n", Files.readString(dir.resolve("hires-by-quarter.csv")));
        assertTrue(Files.readString(dir.resolve("index.html")).contains("Hires in 2019"));
    }

    @Test
    void onlyPlainNamesInTheFolderAreServed() {
        render();
        given().when().get("/reports/deliverables/nothing-here.csv")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hireflow.io/problems/deliverable-not-found"))
                .body("available", contains(FILES.stream().sorted().toArray()));
        for (String name : List.of("..%2F..%2Fpom.xml", "..%2Fdeliverables%2Findex.html", ".render-x", "%2Fetc%2Fpasswd",
                "..", "index.html%00.png")) {
            int status = given().urlEncodingEnabled(false).when().get("/reports/deliverables/" + name)
                    .then().extract().statusCode();
            assertTrue(status == 400 || status == 404, name + " answered " + status);
        }
        given().urlEncodingEnabled(false).when().get("/reports/deliverables/..%2F..%2Fpom.xml")
                .then().statusCode(400)
                .body("type", equalTo("https://hireflow.io/problems/invalid-deliverable-name"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
