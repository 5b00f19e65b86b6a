package io.hireflow.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document with what is derived rather than written on each resource, so that endpoints added
 * later get it too: the tags (defined once, {@link ApiTags}), the bearer scheme and each operation's role, the RFC
 * 9457 problem schema and the 401/403/500/503 answers any operation can give, the request-id, retry and size-limit
 * headers and answers, and the row schemas and examples of {@code POST /tables/{table}/rows}, derived from the data
 * dictionary ({@link DictionarySchemas}).
 */
public class OpenApiDocumentation implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String BEARER = "bearer";
    static final String REQUEST_ID = "X-Request-Id";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final String POST_ROWS = "postRows";
    /** The role an operation needs (reader, writer, admin), as read from its security requirement. */
    static final String ROLE_EXTENSION = "x-hireflow-role";
    static final String GET_ROW = "getRow";
    static final String CSV = "text/csv";
    private static final String EXAMPLE_REQUEST_ID = "3f1c2a9e-6f1d-4c55-9d7e-0b6f2f1f7a10";
    private static final String CONVENTIONS = "Every request needs a bearer token (Authorization: Bearer <token>) "
            + "whose role is the one the operation names, or a higher one: reader < writer < admin. Every error is an "
            + "RFC 9457 application/problem+json answer (schema Problem) with a detail a person can act on and the "
            + "request's requestId. Send X-Request-Id to choose that id (else the API makes one); every answer "
            + "carries it back. Bodies are limited to " + maxBodySize() + " and batches to 1-" + maxRows()
            + " rows; a batch carries an Idempotency-Key so that it can be resent safely after a 503 (which always "
            + "comes with Retry-After) or a lost connection. Generate a client from this document: see "
            + "docs/api-clients.md.";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getInfo() != null) {
            openAPI.getInfo().setDescription((openAPI.getInfo().getDescription() == null ? ""
                    : openAPI.getInfo().getDescription() + "\n\n") + CONVENTIONS);
        }
        openAPI.setTags(ApiTags.DESCRIPTIONS.entrySet().stream()
                .map(tag -> OASFactory.createTag().name(tag.getKey()).description(tag.getValue())).toList());
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        DictionarySchemas.schemas().forEach(openAPI.getComponents()::addSchema);
        // Jackson's JsonNode (a rejected row as it was sent) is any JSON value, not the bean SmallRye sees.
        openAPI.getComponents().addSchema("JsonNode", OASFactory.createSchema()
                .description("Any JSON value: the row exactly as it was sent (CSV rows: their fields as strings)."));
        openAPI.getComponents().removeSchema("JsonNodeType");
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A token for the role reader (GET), writer (POST rows) or admin (history loads, "
                        + "backups, restores, report rendering); admin implies writer implies reader. Each "
                        + "operation lists the role it needs; another token gets 403, none 401."));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            addCommonAnswers(operation, method + " " + path, instance(path));
            describeRole(operation);
            if (tableParameterIsAnEnum(operation)) {
                unknownTableExample(operation, instance(path));
            }
            if (operation.getRequestBody() != null) {
                addIfAbsent(operation, "413", "The body is larger than " + maxBodySize() + " (" + maxRows()
                        + " rows of a batch are far less); nothing was read or written", "body-too-large",
                        "Body too large", "The body has 3000000 bytes; at most " + maxBodyBytes()
                                + " are accepted. Send at most " + maxRows() + " rows per request",
                        instance(path));
            }
            describeHeaders(operation); // last: on every answer, those added above included
        }));
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            if (POST_ROWS.equals(operation.getOperationId())) {
                describeBatch(operation);
            } else if (GET_ROW.equals(operation.getOperationId())) {
                describeGetRow(operation);
            } else if ("startHistoryLoad".equals(operation.getOperationId()) && operation.getRequestBody() != null) {
                // The bytes startEverything reads only to tell an empty POST from a wrong one: not a body to send.
                operation.getRequestBody().getContent().removeMediaType("application/octet-stream");
            } else if ("listTables".equals(operation.getOperationId()) || "getTable".equals(operation.getOperationId())) {
                describeDictionary(operation, "listTables".equals(operation.getOperationId()));
            }
        }));
    }

    // ---------------------------------------------------------------- answers every operation can give

    private static void addCommonAnswers(Operation operation, String request, String instance) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        addIfAbsent(operation, "401", "No token, or a token that is not valid", "unauthorized",
                "Authentication required", "Send a valid token: Authorization: Bearer <token>", instance);
        addIfAbsent(operation, "403", "The token's role does not allow this operation", "forbidden", "Forbidden",
                "Your token's role does not allow " + request.replace("{table}", "employees") + "; reader may read, "
                        + "writer may also post rows, admin may also run history loads, backups, restores and "
                        + "report rendering", instance);
        addIfAbsent(operation, "503", "The database is unreachable or the table is busy; nothing was written. Try "
                + "again after Retry-After seconds", "busy", "Try again shortly",
                "The database cannot be reached right now; nothing was written", instance);
        addIfAbsent(operation, "500", "Unexpected failure; the API log has the details (find them by requestId)",
                "internal-error", "Internal error", "Something went wrong on our side; the API log has the details.",
                instance);
    }

    private static void addIfAbsent(Operation operation, String status, String description, String slug,
            String title, String detail, String instance) {
        if (operation.getResponses().hasAPIResponse(status)) {
            return;
        }
        operation.getResponses().addAPIResponse(status,
                problemResponse(description, Integer.parseInt(status), slug, title, detail, instance));
    }

    /** A problem answer with an example. */
    static APIResponse problemResponse(String description, int status, String slug, String title, String detail,
            String instance) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        problemMedia(status, slug, title, detail, instance)));
    }

    private static MediaType problemMedia(int status, String slug, String title, String detail, String instance) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://hireflow.io/problems/" + slug);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", detail);
        example.put("instance", instance);
        example.put("requestId", EXAMPLE_REQUEST_ID);
        return OASFactory.createMediaType().schema(DictionarySchemas.ref(PROBLEM))
                .addExample(slug, OASFactory.createExample().value(example));
    }

    /** The request path of an example answer: {table} filled in, other parameters as they are named. */
    private static String instance(String path) {
        return path.replace("{table}", "employees");
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: the one error shape of every endpoint. Further members "
                        + "appear where they help (errors, knownTables, minRows, maxRows, ...).")
                .required(List.of("type", "title", "status", "detail"))
                .addProperty("type", string("A URI naming the kind of problem, e.g. "
                        + "https://hireflow.io/problems/unknown-table").format("uri"))
                .addProperty("title", string("A short summary of the kind"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32").description("The HTTP status"))
                .addProperty("detail", string("What went wrong this time, in words a person can act on"))
                .addProperty("instance", string("The request path"))
                .addProperty("requestId", string("The request id: also in the X-Request-Id header and the API log"))
                .addProperty("knownTables", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(DictionarySchemas.ref(DictionarySchemas.TABLE_NAME))
                        .description("With an unknown table (404): the tables there are"))
                .addProperty("minRows", integer("With a batch of the wrong size (400): the fewest rows accepted"))
                .addProperty("maxRows", integer("With a batch of the wrong size (400): the most rows accepted"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    // ---------------------------------------------------------------- security, headers, parameters

    /** Says in words which role the operation needs, as its security requirement names it. */
    private static void describeRole(Operation operation) {
        String role = role(operation);
        if (role == null) {
            return;
        }
        // The role stays as an extension: Spectral (oas3-operation-security-defined) takes any name in a
        // requirement's list for an OAuth scope, although OpenAPI 3.1 allows role names there.
        operation.getSecurity().forEach(requirement -> requirement.addScheme(BEARER));
        operation.addExtension(ROLE_EXTENSION, role);
        String note = "Role: " + role + switch (role) {
            case "reader" -> " (a writer or admin token works too).";
            case "writer" -> " (an admin token works too).";
            default -> ".";
        };
        String description = operation.getDescription();
        if (description == null || !description.contains(note)) {
            operation.setDescription(description == null || description.isBlank() ? note : description + "\n\n" + note);
        }
    }

    /** The role an operation's bearer requirement names, or {@code null} when it names none. */
    static String role(Operation operation) {
        if (operation.getExtensions() != null && operation.getExtensions().get(ROLE_EXTENSION) != null) {
            return operation.getExtensions().get(ROLE_EXTENSION).toString();
        }
        if (operation.getSecurity() == null) {
            return null;
        }
        return operation.getSecurity().stream().map(SecurityRequirement::getSchemes)
                .filter(schemes -> schemes != null && schemes.get(BEARER) != null && !schemes.get(BEARER).isEmpty())
                .map(schemes -> schemes.get(BEARER).get(0)).findFirst().orElse(null);
    }

    /** X-Request-Id on every answer, Retry-After on every 503. */
    private static void describeHeaders(Operation operation) {
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            response.addHeader(REQUEST_ID, header("The request's id: the X-Request-Id the client sent (1-100 "
                    + "characters of A-Z a-z 0-9 . _ : -) or one the API made; also in problem answers and the API "
                    + "log", string(null)));
            if ("503".equals(status)) {
                response.addHeader("Retry-After", header("Seconds to wait before sending the same request again",
                        integer(null)));
            }
        });
    }

    /**
     * Every {table} path parameter takes the dictionary's table names, as one enum type in generated clients.
     *
     * @return whether the operation has such a parameter
     */
    private static boolean tableParameterIsAnEnum(Operation operation) {
        if (operation.getParameters() == null) {
            return false;
        }
        List<Parameter> tables = operation.getParameters().stream()
                .filter(p -> p.getIn() == Parameter.In.PATH && "table".equals(p.getName())).toList();
        tables.forEach(p -> {
                    p.setSchema(DictionarySchemas.ref(DictionarySchemas.TABLE_NAME));
                    if (p.getDescription() == null) {
                        p.setDescription("The table: " + String.join(", ", Table.names()));
                    }
                    p.setExample(null);
                });
        return !tables.isEmpty();
    }

    /** The 404 of an unknown table, with the tables there are, as the API answers it. */
    private static void unknownTableExample(Operation operation, String instance) {
        APIResponse notFound = operation.getResponses().getAPIResponse("404");
        MediaType media = notFound == null || notFound.getContent() == null ? null
                : notFound.getContent().getMediaType(PROBLEM_JSON);
        if (media == null || (media.getExamples() != null && media.getExamples().containsKey("unknown-table"))) {
            return;
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://hireflow.io/problems/unknown-table");
        example.put("title", "Unknown table");
        example.put("status", 404);
        example.put("detail", "There is no table 'employes'; the tables are " + String.join(", ", Table.names()));
        example.put("instance", instance.replace("/employees", "/employes"));
        example.put("knownTables", Table.names());
        example.put("requestId", EXAMPLE_REQUEST_ID);
        media.addExample("unknown-table", example("A misspelt table name", example));
    }

    /** listTables and getTable: the dictionary as GET /tables serves it, row counts of the public sample. */
    private static void describeDictionary(Operation operation, boolean all) {
        ArrayNode tables = JSON.arrayNode();
        Map<Table, Integer> rows = Map.of(Table.DEPARTMENTS, 12, Table.JOBS, 183, Table.EMPLOYEES, 1929);
        for (Table table : all ? List.of(Table.values()) : List.of(Table.EMPLOYEES)) {
            ObjectNode entry = tables.addObject().put("name", table.tableName());
            ArrayNode columns = entry.putArray("columns");
            table.columns().forEach(column -> {
                ObjectNode c = columns.addObject().put("name", column.name()).put("type", column.type().name());
                if (column.maxLength() > 0) {
                    c.put("maxLength", column.maxLength());
                }
                if (column.references() != null) {
                    c.put("references", column.references().tableName());
                }
                column.rules().forEach(rule -> c.withArray("rules").add(rule.code()));
            });
            entry.put("rows", rows.getOrDefault(table, 0));
        }
        setExample(operation, "200", "application/json", all ? "dictionary" : "employees",
                example(all ? "The three tables after loading the public sample" : "The employees table",
                        all ? tables : tables.get(0)));
    }

    // ---------------------------------------------------------------- POST /tables/{table}/rows

    /**
     * The batch: the body's schema and size limits, the Idempotency-Key header, and examples of a request with a
     * rejected row and of each answer, all derived from the dictionary and judged by the API's own checks.
     */
    private static void describeBatch(Operation operation) {
        Table table = Table.EMPLOYEES;
        int validId = 4535;
        ObjectNode valid = DictionarySchemas.validRow(table, validId);
        ObjectNode rejected = DictionarySchemas.rejectedRow(table, validId + 1, validId);
        List<List<Violation>> judged = DictionarySchemas.judge(table, List.of(valid, rejected));

        Schema rows = OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                .items(DictionarySchemas.ref(DictionarySchemas.ROW)).minItems(1).maxItems(maxRows())
                .description("1 to " + maxRows() + " rows of the table named in the path.");
        Content content = OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(rows)
                        .addExample(table + "-one-rejected", example("Two employees; the second names a department "
                                + "that does not exist", JSON.arrayNode().add(valid).add(rejected))))
                .addMediaType(CSV, OASFactory.createMediaType()
                        .schema(string("1 to " + maxRows() + " headerless CSV records (RFC 4180), columns in "
                                + "dictionary order"))
                        .addExample(table + "-one-rejected", example("The same two employees as CSV",
                                csvLine(valid) + csvLine(rejected))));
        // Generated clients name the body parameter after this (rows), not after the item schema (row).
        operation.addExtension("x-codegen-request-body-name", "rows");
        operation.setRequestBody(OASFactory.createRequestBody().required(true).content(content)
                .description("The rows, as a JSON array of row objects or as headerless CSV (Content-Type "
                        + "text/csv). Each row is judged on its own; see Row for the columns of each table."));

        ObjectNode partial = batchResult(table, 2, 1);
        partial.withArray("rejected").add(rejectedEntry(1, rejected, judged.get(1)));
        setExample(operation, "200", "application/json", table + "-one-rejected", example(
                "The first row inserted, the second rejected with every rule it broke", partial));
        setExample(operation, "201", "application/json", table + "-all-inserted", example("Every row inserted",
                batchResult(table, 1, 1)));
        ObjectNode none = batchResult(table, 1, 0);
        none.withArray("rejected").add(rejectedEntry(0, rejected, judged.get(1)));
        setExample(operation, "422", "application/json", table + "-none-inserted", example("No row inserted",
                none));
        APIResponse unprocessable = operation.getResponses().getAPIResponse("422");
        if (unprocessable != null && unprocessable.getContent().getMediaType(PROBLEM_JSON) == null) {
            unprocessable.getContent().addMediaType(PROBLEM_JSON, problemMedia(422, "idempotency-key-reused",
                    "Idempotency-Key reused", "The Idempotency-Key \"employees.csv-17-9f2c\" was used for another "
                            + "request; send a new key for a new batch. Nothing was written.",
                    "/tables/employees/rows"));
        }

        header(operation, IDEMPOTENCY_KEY, "Your key for this batch (IETF httpapi draft \"The Idempotency-Key HTTP "
                + "Header Field\"), e.g. \"employees.csv-17-9f2c\" or a UUID: a repeat with the same key and body "
                + "answers what the first request answered (with Idempotent-Replayed: true) and writes nothing; the "
                + "same key with another body is a 422 problem. On a 503 or a lost connection, resend the same "
                + "body with the same key.",
                string(null).minLength(1).maxLength(257).pattern("^\"?[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,255}\"?$")
                        .examples(List.of("\"employees.csv-17-9f2c\"")));
        header(operation, REQUEST_ID, "Your id for this request (else the API makes one): echoed in the answer "
                + "(requestId), the X-Request-Id header, the API log and the rejects log",
                string(null).pattern("^[A-Za-z0-9._:-]{1,100}$").examples(List.of(EXAMPLE_REQUEST_ID)));
        for (String status : List.of("200", "201", "422")) {
            APIResponse response = operation.getResponses().getAPIResponse(status);
            if (response != null) {
                response.addHeader(IDEMPOTENT_REPLAYED, header("true when this answer repeats the first answer "
                        + "given for the request's Idempotency-Key (nothing was written this time)",
                        OASFactory.createSchema().type(List.of(Schema.SchemaType.BOOLEAN))));
            }
        }
    }

    private static void describeGetRow(Operation operation) {
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        if (ok == null) {
            return;
        }
        // A free-form object, not Row: generated Java clients cannot tell the rows' oneOf apart when reading.
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT)).additionalPropertiesBoolean(Boolean.TRUE)
                .description("The row's columns as JSON members, as in the table's row schema (Department, Job, "
                        + "Employee)"));
        for (Table table : Table.values()) {
            media.addExample(table.tableName(), example("A row of " + table, DictionarySchemas.validRow(table,
                    table == Table.EMPLOYEES ? 4535 : 1)));
        }
        ok.setContent(OASFactory.createContent().addMediaType("application/json", media));
    }

    private static ObjectNode batchResult(Table table, int received, int inserted) {
        ObjectNode result = JSON.objectNode().put("table", table.tableName()).put("requestId", EXAMPLE_REQUEST_ID)
                .put("atomic", false).put("received", received).put("inserted", inserted);
        result.putArray("rejected");
        return result;
    }

    private static ObjectNode rejectedEntry(int index, ObjectNode row, List<Violation> violations) {
        ObjectNode entry = JSON.objectNode().put("index", index);
        entry.set("row", row);
        ArrayNode errors = entry.putArray("errors");
        violations.forEach(v -> errors.addObject().put("field", v.field()).put("rule", v.rule().code())
                .put("message", v.message()));
        return entry;
    }

    private static String csvLine(ObjectNode row) {
        List<String> fields = new ArrayList<>();
        row.fields().forEachRemaining(field -> fields.add(field.getValue().asText()));
        return fields.stream().map(f -> f.contains(",") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
                .collect(Collectors.joining(",")) + "\n";
    }

    private static void setExample(Operation operation, String status, String mediaType, String name, Example ex) {
        APIResponse response = operation.getResponses().getAPIResponse(status);
        if (response == null || response.getContent() == null || response.getContent().getMediaType(mediaType) == null) {
            return;
        }
        MediaType media = response.getContent().getMediaType(mediaType);
        media.setExamples(new LinkedHashMap<>(Map.of(name, ex)));
    }

    /** Describes a request header of the operation, adding it when the resource method does not declare it. */
    private static void header(Operation operation, String name, String description, Schema schema) {
        Parameter parameter = operation.getParameters() == null ? null : operation.getParameters().stream()
                .filter(p -> p.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(p.getName()))
                .findFirst().orElse(null);
        if (parameter == null) {
            parameter = OASFactory.createParameter().name(name).in(Parameter.In.HEADER);
            operation.addParameter(parameter);
        }
        parameter.setRequired(false);
        parameter.setDescription(description);
        parameter.setSchema(schema);
        parameter.setExample(null);
    }

    // ---------------------------------------------------------------- small builders

    private static Example example(String summary, Object value) {
        // As maps and lists: the document writer knows those, not Jackson's tree nodes.
        Object plain = value instanceof JsonNode node ? MAPPER.convertValue(node, Object.class) : value;
        return OASFactory.createExample().summary(summary).value(plain);
    }

    private static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).format("int32")
                .description(description);
    }

    /** The most rows a batch may have (hireflow.batch.max-rows), as built into this document. */
    static int maxRows() {
        return ConfigProvider.getConfig().getOptionalValue("hireflow.batch.max-rows", Integer.class).orElse(1000);
    }

    private static String maxBodySize() {
        return ConfigProvider.getConfig().getOptionalValue("hireflow.limits.max-body-size", String.class)
                .orElse("2M"); // every route's limit but an import's (io.hireflow.api.security.BodyLimit)
    }

    private static long maxBodyBytes() {
        String size = maxBodySize().trim().toUpperCase(java.util.Locale.ROOT);
        long unit = switch (size.charAt(size.length() - 1)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
    }
}
