package io.hireflow.api.report;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both reports on the real challenge data, checked against the same figures computed here independently:
 * Java streams over the CSV rows, quarters from the calendar month, no SQL.
 */
@QuarkusTest
class ChallengeReportsTest {

    // Close to the database's utf8mb4_unicode_ci order for these ASCII names (case-insensitive, then exact).
    private static final Comparator<String> ALPHABETICAL = String.CASE_INSENSITIVE_ORDER
            .thenComparing(Comparator.naturalOrder());

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    ChallengeData data;

    @BeforeEach
    void load() throws Exception {
        data = ChallengeData.loadOrSkip();
        db.clear();
        data.insert(dataSource);
        assertEquals(data.employees.size(), db.count("employees"));
        assertTrue(data.employees.size() > 1900, "most of the 1,999 challenge rows are valid");
    }

    @ParameterizedTest
    @ValueSource(ints = { 2021, 2022, 2020 })
    void hiresByQuarterMatchesAnIndependentCount(int year) {
        Map<Integer, String> departments = data.departments.stream()
                .collect(Collectors.toMap(ChallengeData.Department::id, ChallengeData.Department::name));
        Map<Integer, String> jobs = data.jobs.stream()
                .collect(Collectors.toMap(ChallengeData.Job::id, ChallengeData.Job::name));
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        data.employees.stream()
                .filter(e -> utc(e).getYear() == year)
                .forEach(e -> counts.computeIfAbsent(
                        List.of(departments.get(e.departmentId()), jobs.get(e.jobId())), k -> new long[4])
                        [(utc(e).getMonthValue() - 1) / 3]++);
        List<Map<String, Object>> expected = counts.entrySet().stream()
                .sorted(Map.Entry.<List<String>, long[]>comparingByKey(
                        Comparator.comparing((List<String> k) -> k.get(0), ALPHABETICAL)
                                .thenComparing(k -> k.get(1), ALPHABETICAL)))
                .map(e -> row("department", e.getKey().get(0), "job", e.getKey().get(1), "q1", e.getValue()[0],
                        "q2", e.getValue()[1], "q3", e.getValue()[2], "q4", e.getValue()[3]))
                .toList();

        JsonPath json = given().when().get("/reports/hires-by-quarter?year=" + year)
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
        assertEquals(expected.size(), json.getInt("rowCount"));
        assertEquals(expected, numbersAsLongs(json.getList("rows")));

        StringBuilder csv = new StringBuilder("department,job,q1,q2,q3,q4\r\n");
        expected.forEach(r -> csv.append(String.join(",", r.values().stream().map(String::valueOf).toList()))
                .append("\r\n"));
        assertEquals(csv.toString(), given().accept("text/csv").when()
                .get("/reports/hires-by-quarter?year=" + year).then().statusCode(200).extract().asString());
    }

    @ParameterizedTest
    @ValueSource(ints = { 2021, 2022, 2020 })
    void departmentsAboveMeanMatchesAnIndependentCount(int year) {
        Map<Integer, Long> hired = data.employees.stream().filter(e -> utc(e).getYear() == year)
                .collect(Collectors.groupingBy(ChallengeData.Employee::departmentId, Collectors.counting()));
        double mean = data.departments.stream().mapToLong(d -> hired.getOrDefault(d.id(), 0L)).average()
                .orElse(0);
        List<Map<String, Object>> expected = data.departments.stream()
                .filter(d -> hired.getOrDefault(d.id(), 0L) > mean)
                .sorted(Comparator.comparing((ChallengeData.Department d) -> -hired.get(d.id()))
                        .thenComparing(ChallengeData.Department::name, ALPHABETICAL))
                .map(d -> row("id", (long) d.id(), "department", d.name(), "hired", hired.get(d.id())))
                .toList();

        JsonPath json = given().when().get("/reports/departments-above-mean?year=" + year)
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(mean, json.getDouble("mean"), 1e-6);
        assertTrue(json.getString("meanOver").contains("all " + data.departments.size() + " departments"));
        assertEquals(expected, numbersAsLongs(json.getList("rows")));
        if (year != 2020) {
            assertTrue(!expected.isEmpty(), "the challenge data has departments above the mean in " + year);
        }
    }

    private static ZonedDateTime utc(ChallengeData.Employee e) {
        return e.hired().atZone(ZoneOffset.UTC);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            row.put((String) keysAndValues[i], value instanceof Integer n ? (Object) n.longValue() : value);
        }
        return row;
    }

    // JSON numbers come back as Integer or Long depending on size; compare them all as longs.
    private static List<Map<String, Object>> numbersAsLongs(List<Map<String, Object>> rows) {
        Function<Object, Object> normal = v -> v instanceof Number n ? (Object) n.longValue() : v;
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> copy = new LinkedHashMap<>();
            r.forEach((k, v) -> copy.put(k, normal.apply(v)));
            out.add(copy);
        }
        return out;
    }
}
