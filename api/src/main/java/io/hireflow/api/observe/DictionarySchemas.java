package io.hireflow.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Rule;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The OpenAPI schemas and examples of table rows, derived from the data dictionary ({@link Table}) so that a column
 * added there appears in the document, in generated clients and in every example without a second edit. The
 * rejected-row examples are judged by the API's own {@link RowValidator}, so their messages
 * are the ones a client really gets.
 */
final class DictionarySchemas {

    /** The schema of a table name; generated clients get one enum type for it. */
    static final String TABLE_NAME = "TableName";
    /** A row of any table: exactly one of the per-table row schemas. */
    static final String ROW = "Row";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DictionarySchemas() {
    }

    /** Schemas by component name: the table-name enum, one row schema per table, and {@value #ROW}. */
    static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(TABLE_NAME, OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                .enumeration(new ArrayList<>(Table.names()))
                .description("A table of the data dictionary; parents come first (GET /tables describes them)."));
        Schema row = OASFactory.createSchema()
                .description("A row of one table: JSON members named like the table's columns, all required.");
        for (Table table : Table.values()) {
            schemas.put(rowSchemaName(table), rowSchema(table));
            row.addOneOf(ref(rowSchemaName(table)));
        }
        schemas.put(ROW, row);
        return schemas;
    }

    /** The component name of a table's row schema: {@code employees} → {@code Employee}. */
    static String rowSchemaName(Table table) {
        String singular = table.tableName().replaceAll("s$", "");
        return Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    }

    static Schema ref(String component) {
        return OASFactory.createSchema().ref(component);
    }

    private static Schema rowSchema(Table table) {
        Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("A row of " + table + " (columns in CSV order: " + table.columns().stream()
                        .map(Column::name).collect(Collectors.joining(", ")) + "); any other member is rejected "
                        + "(rule shape).")
                // No additionalProperties: false, although the API rejects other members: openapi-generator 7.17
                // reads it on OpenAPI 3.1 as a map of extras, and typescript-fetch then sends every member twice.
                .required(table.columns().stream().map(Column::name).toList());
        table.columns().forEach(column -> schema.addProperty(column.name(), columnSchema(column)));
        return schema;
    }

    private static Schema columnSchema(Column column) {
        Schema schema = OASFactory.createSchema();
        column.type().jsonSchema(column, schema);
        return schema.description(describe(column)).examples(List.of(value(column, 1)));
    }

    private static String describe(Column column) {
        List<String> says = new ArrayList<>(List.of(column.type().describe(column)));
        if (column.primaryKey()) {
            says.add("greater than 0 and unique in the table");
        }
        if (column.references() != null) {
            says.add("the id of an existing row of " + column.references());
        }
        return capitalise(String.join("; ", says)) + ". Rules: " + column.rules().stream().map(Rule::code)
                .collect(Collectors.joining(", ")) + ".";
    }

    /** A valid row of the table with the given id; its references point at the parents' row 1. */
    static ObjectNode validRow(Table table, int id) {
        ObjectNode row = JSON.objectNode();
        for (Column column : table.columns()) {
            if (value(column, id) instanceof Integer number) {
                row.put(column.name(), number);
            } else {
                row.put(column.name(), (String) value(column, id));
            }
        }
        return row;
    }

    private static Object value(Column column, int id) {
        if (column.primaryKey()) {
            return id;
        }
        if (column.references() != null) {
            return 1;
        }
        return column.type().example(column, id);
    }

    /**
     * A row the schema accepts but the API rejects, for the batch examples: it points at a parent row that does not
     * exist, or, for a table without parents, repeats the id of the valid row before it.
     */
    static ObjectNode rejectedRow(Table table, int id, int validId) {
        ObjectNode row = validRow(table, id);
        table.references().stream().findFirst().ifPresentOrElse(
                column -> row.put(column.name(), MISSING_PARENT_ID),
                () -> row.put(table.idColumn().name(), validId));
        return row;
    }

    private static final int MISSING_PARENT_ID = 9999;

    /** The violations the API reports for {@code rows}, judged as one batch against a table holding none of them. */
    static List<List<Violation>> judge(Table table, List<? extends JsonNode> rows) {
        IntPredicate parentHas = parentId -> parentId != MISSING_PARENT_ID;
        RowValidator validator = new RowValidator(table, new RelationCheck(table, id -> false,
                Arrays.stream(Table.values()).collect(Collectors.toMap(t -> t, t -> parentHas))));
        List<List<Violation>> judged = new ArrayList<>();
        for (JsonNode node : rows) {
            CheckedRow row = validator.json(node);
            judged.add(row.violations());
        }
        return judged;
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
