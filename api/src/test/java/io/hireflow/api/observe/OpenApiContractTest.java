package io.hireflow.api.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.TestTokens;
import io.hireflow.api.support.WithoutDefaultToken;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of the OpenAPI document that generated clients depend on: every operation named, summarised,
 * described, tagged with a defined tag and given its role; every error answer a problem; the row schemas those of the
 * data dictionary; and the roles the document names the ones the API enforces. Spectral and the generated clients
 * check the rest in CI (.ci/openapi.sh).
 */
@QuarkusTest
@WithoutDefaultToken
class OpenApiContractTest {

    /** Renaming one of these breaks every generated client: add new ones, never rename. */
    static final List<String> STABLE_OPERATION_IDS = List.of("listTables", "getTable", "postRows", "getRow",
            "listRejects", "startHistoryLoad", "listHistoryLoads", "getHistoryLoad", "createBackup", "listBackups",
            "getBackup", "downloadBackup", "verifyBackup", "restoreTable", "createBackupSet", "listBackupSets",
            "getBackupSet", "restoreBackupSet", "getHiresByQuarter", "getDepartmentsAboveMean", "getReportChartPng",
            "getReportChartSvg", "renderReports", "getDeliverable");

    private JsonNode document;

    @BeforeEach
    void fetch() throws IOException {
        String body = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(body);
    }

    @Test
    void everyOperationIsNamedSummarisedDescribedTaggedAndGivenARole() {
        Set<String> definedTags = new HashSet<>();
        document.path("tags").forEach(tag -> {
            assertFalse(tag.path("description").asText().isBlank(), "description of tag " + tag.path("name"));
            assertTrue(definedTags.add(tag.path("name").asText()), "tag defined once: " + tag);
        });
        Set<String> ids = new HashSet<>();
        forEachOperation((where, operation) -> {
            String id = operation.path("operationId").asText();
            assertTrue(id.matches("[a-z][A-Za-z]+"), where + " operationId: '" + id + "'");
            assertTrue(ids.add(id), where + " operationId unique: " + id);
            assertFalse(operation.path("summary").asText().isBlank(), where + " summary");
            assertFalse(operation.path("description").asText().isBlank(), where + " description");
            assertEquals(1, operation.path("tags").size(), where + " tags");
            assertTrue(definedTags.contains(operation.path("tags").path(0).asText()), where + " tag defined");
            assertTrue(Set.of("reader", "writer", "admin").contains(
                    operation.path(OpenApiDocumentation.ROLE_EXTENSION).asText()), where + " role");
        });
        assertTrue(ids.containsAll(STABLE_OPERATION_IDS), "stable operationIds, missing: "
                + STABLE_OPERATION_IDS.stream().filter(id -> !ids.contains(id)).toList());
        assertFalse(document.at("/info/contact/name").asText().isBlank(), "info.contact");
        assertFalse(document.at("/info/license/name").asText().isBlank(), "info.license");
        assertTrue(document.at("/servers/0/url").asText().startsWith("http"), "servers");
    }

    @Test
    void everyAnswerIsDescribedAndEveryErrorIsAProblem() {
        forEachOperation((where, operation) -> operation.path("responses").fields().forEachRemaining(answer -> {
            String status = answer.getKey();
            JsonNode response = answer.getValue();
            assertFalse(response.path("description").asText().isBlank(), where + " " + status);
            assertTrue(response.at("/headers/X-Request-Id").isObject(), where + " " + status + " X-Request-Id");
            if (status.startsWith("2")) {
                assertTrue(response.path("content").size() > 0, where + " " + status + " content");
            } else {
                assertEquals("#/components/schemas/Problem",
                        response.at("/content/application~1problem+json/schema/$ref").asText(),
                        where + " " + status + " problem");
            }
            if (status.equals("503")) {
                assertTrue(response.at("/headers/Retry-After").isObject(), where + " Retry-After");
            }
        }));
    }

    @Test
    void batchesDescribeTheirLimitsHeadersAndRowsFromTheDictionary() {
        JsonNode post = document.at("/paths/~1tables~1{table}~1rows/post");
        JsonNode rows = post.at("/requestBody/content/application~1json/schema");
        assertEquals(1, rows.path("minItems").asInt());
        assertEquals(1000, rows.path("maxItems").asInt());
        assertTrue(post.at("/requestBody/content/text~1csv").isObject(), "CSV body");
        assertTrue(post.at("/responses/413/content/application~1problem+json").isObject(), "413");
        assertTrue(post.at("/responses/422/content/application~1problem+json").isObject(),
                "422 for a reused Idempotency-Key");
        List<String> headers = new ArrayList<>();
        post.path("parameters").forEach(p -> {
            if (p.path("in").asText().equals("header")) {
                headers.add(p.path("name").asText());
            }
        });
        assertTrue(headers.containsAll(List.of("Idempotency-Key", "X-Request-Id")), "headers " + headers);

        JsonNode schemas = document.at("/components/schemas");
        assertEquals(Table.names(), texts(schemas.at("/TableName/enum")));
        assertEquals(Table.values().length, schemas.at("/Row/oneOf").size());
        for (Table table : Table.values()) {
            JsonNode row = schemas.path(DictionarySchemas.rowSchemaName(table));
            List<String> columns = table.columns().stream().map(Column::name).toList();
            List<String> properties = new ArrayList<>();
            row.path("properties").fieldNames().forEachRemaining(properties::add);
            assertEquals(columns, properties, table + " row properties");
            assertEquals(columns, texts(row.path("required")), table + " required");
            table.columns().stream().filter(c -> c.maxLength() > 0).forEach(c -> assertEquals(c.maxLength(),
                    row.at("/properties/" + c.name() + "/maxLength").asInt(), c.name() + " maxLength"));
        }
        // The example batch has one row the API rejects, and the 200 example shows the reasons the API gives.
        JsonNode example = post.at("/responses/200/content/application~1json/examples").elements().next();
        assertEquals("exists", example.at("/value/rejected/0/errors/0/rule").asText());
    }

    /** The role each operation documents is the one the API enforces: the role below it gets 403, no token 401. */
    @Test
    void documentedRolesAreTheEnforcedOnes() {
        Map<String, String> below = Map.of("writer", TestTokens.READER, "admin", TestTokens.WRITER);
        forEachOperation((where, operation) -> {
            String method = where.substring(0, where.indexOf(' '));
            String path = where.substring(where.indexOf(' ') + 1).replace("{table}", "employees")
                    .replace("{report}", "hires-by-quarter").replaceAll("\\{[^}]+}", "1");
            String role = operation.path(OpenApiDocumentation.ROLE_EXTENSION).asText();
            given().when().request(method, path).then().statusCode(401);
            if (below.containsKey(role)) {
                given().header("Authorization", TestTokens.bearer(below.get(role))).when().request(method, path)
                        .then().statusCode(403);
            }
        });
    }

    private void forEachOperation(BiConsumer<String, JsonNode> check) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> operations.put(operation.getKey().toUpperCase() + " " + path.getKey(),
                        operation.getValue())));
        assertTrue(operations.size() >= STABLE_OPERATION_IDS.size(), "operations: " + operations.keySet());
        operations.forEach(check);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
