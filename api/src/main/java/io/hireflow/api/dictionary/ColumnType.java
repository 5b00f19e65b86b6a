package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The value types the dictionary knows, each with everything that differs by type: its rules and
 * parsing (CSV text, JSON), its JSON schema, its Avro schema and datum (written from the database's
 * text, read back, converted from foreign files), its {@code LOAD DATA} text, its JDBC binding and
 * reading, and its text in the content digest. Adding a type means adding a constant here (and its
 * tests); no other class switches on the type.
 *
 * <p>Three forms of a value appear below. A <em>typed value</em> is what a row check produces
 * ({@link Integer}, {@link String}, {@link Instant}). A <em>cell</em> is what a backup scan hands on:
 * the typed value, except that an instant is its canonical text ({@link Column#format}), which is
 * cheaper to turn into {@code LOAD DATA} text. The <em>database text</em> is a value as the database
 * sends it ({@code ResultSet.getBytes}, {@code DATETIME} as {@code 2021-07-27 16:02:08}).
 */
public enum ColumnType {
    /** A 32-bit signed integer. */
    INTEGER("INT") {
        @Override
        List<Rule> typeRules() {
            return List.of(Rule.INTEGER);
        }

        @Override
        Object parse(Column column, String raw, List<Violation> violations) {
            try {
                return column.checkKey(Integer.parseInt(raw), violations);
            } catch (NumberFormatException e) {
                violations.add(notAWholeNumber(column, "'" + raw + "'"));
                return null;
            }
        }

        @Override
        Object fromJson(Column column, JsonNode node, List<Violation> violations) {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return column.checkKey(node.intValue(), violations);
            }
            violations.add(notAWholeNumber(column, node.toString()));
            return null;
        }

        @Override
        public void jsonSchema(Column column, org.eclipse.microprofile.openapi.models.media.Schema schema) {
            schema.type(List.of(SchemaType.INTEGER)).format("int32")
                    .minimum(column.primaryKey() ? BigDecimal.ONE : null)
                    .maximum(BigDecimal.valueOf(Integer.MAX_VALUE));
        }

        @Override
        public String describe(Column column) {
            return "a whole number";
        }

        @Override
        public Object example(Column column, int id) {
            return id;
        }

        @Override
        public Schema avroSchema() {
            return Schema.create(Schema.Type.INT);
        }

        @Override
        public void writeAvro(byte[] text, Encoder out, String column) throws IOException {
            out.writeInt(integer(text, column));
        }

        @Override
        public Object fromAvro(Column column, Object datum, Object[] cells, int at, List<Violation> violations) {
            // Typed: the text round trip (toString, parseInt) would only prove what the schema did.
            cells[at] = datum;
            return column.checkKey((Integer) datum, violations);
        }

        @Override
        public AvroConversion conversionFrom(Schema field) {
            return field.getLogicalType() != null ? null
                    : field.getType() == Schema.Type.INT ? AvroConversion.INT
                    : field.getType() == Schema.Type.LONG ? AvroConversion.LONG_TO_INT : null;
        }

        @Override
        public String acceptedAvro() {
            return "int or long (or either in a union with null)";
        }

        @Override
        public void loadData(Object value, TsvOut out) {
            out.integer((Integer) value);
        }
    },

    /** Unicode text, bounded by the column's maximum length. */
    STRING("VARCHAR") {
        @Override
        List<Rule> typeRules() {
            return List.of(Rule.NOT_BLANK, Rule.MAX_LENGTH);
        }

        @Override
        Object parse(Column column, String raw, List<Violation> violations) {
            boolean valid = true;
            if (raw.isBlank()) {
                violations.add(new Violation(column.name(), Rule.NOT_BLANK, column.name() + " must not be blank"));
                valid = false;
            }
            int length = raw.codePointCount(0, raw.length());
            if (length > column.maxLength()) {
                violations.add(new Violation(column.name(), Rule.MAX_LENGTH, column.name() + " is " + length
                        + " characters long; at most " + column.maxLength() + " are allowed"));
                valid = false;
            }
            return valid ? raw : null;
        }

        @Override
        public void jsonSchema(Column column, org.eclipse.microprofile.openapi.models.media.Schema schema) {
            schema.type(List.of(SchemaType.STRING)).minLength(1).maxLength(column.maxLength());
        }

        @Override
        public String describe(Column column) {
            return "text, not blank, at most " + column.maxLength() + " characters";
        }

        @Override
        public Object example(Column column, int id) {
            // "employee_name" of row 4535 → "Employee 4535"
            String word = column.name().replaceAll("_.*", "");
            return Character.toUpperCase(word.charAt(0)) + word.substring(1) + " " + id;
        }

        @Override
        public Schema avroSchema() {
            return Schema.create(Schema.Type.STRING);
        }

        @Override
        public String avroDoc(Column column) {
            return "Text, not blank, at most " + column.maxLength() + " characters.";
        }

        @Override
        public void writeAvro(byte[] text, Encoder out, String column) throws IOException {
            out.writeBytes(text); // a string's encoding: its UTF-8 bytes after their length
        }

        @Override
        public Object fromAvro(Column column, Object datum, Object[] cells, int at, List<Violation> violations) {
            String text = datum.toString();
            cells[at] = text;
            return column.parse(text, violations);
        }

        @Override
        public AvroConversion conversionFrom(Schema field) {
            return field.getType() == Schema.Type.STRING && field.getLogicalType() == null ? AvroConversion.TEXT : null;
        }

        @Override
        public String acceptedAvro() {
            return "string (or a union of null and string)";
        }

        @Override
        public void loadData(Object value, TsvOut out) {
            out.text((String) value);
        }
    },

    /** An ISO-8601 UTC instant with second precision, written like {@code 2021-07-27T16:02:08Z}. */
    INSTANT("DATETIME") {
        @Override
        List<Rule> typeRules() {
            return List.of(Rule.ISO_INSTANT);
        }

        /**
         * A fixed-width shape check, then java.time for the calendar (no 30 February): several times
         * faster than a DateTimeFormatter on the hot path of a history load, and just as strict.
         */
        @Override
        Object parse(Column column, String raw, List<Violation> violations) {
            try {
                if (raw.length() != 20 || raw.charAt(4) != '-' || raw.charAt(7) != '-' || raw.charAt(10) != 'T'
                        || raw.charAt(13) != ':' || raw.charAt(16) != ':' || raw.charAt(19) != 'Z') {
                    throw new DateTimeException("not yyyy-MM-ddTHH:mm:ssZ");
                }
                return LocalDateTime.of(digits(raw, 0, 4), digits(raw, 5, 2), digits(raw, 8, 2), digits(raw, 11, 2),
                        digits(raw, 14, 2), digits(raw, 17, 2)).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                violations.add(new Violation(column.name(), Rule.ISO_INSTANT, column.name()
                        + " must be an ISO-8601 UTC instant like 2021-07-27T16:02:08Z, not '" + raw + "'"));
                return null;
            }
        }

        @Override
        public void jsonSchema(Column column, org.eclipse.microprofile.openapi.models.media.Schema schema) {
            // Not format: date-time: clients would send fractions of seconds or offsets, which the rule refuses.
            schema.type(List.of(SchemaType.STRING)).pattern(INSTANT_PATTERN);
        }

        @Override
        public String describe(Column column) {
            return "an ISO-8601 UTC instant to the second, exactly like " + Column.format(EXAMPLE_INSTANT)
                    + " (a real calendar date)";
        }

        @Override
        public Object example(Column column, int id) {
            return Column.format(EXAMPLE_INSTANT);
        }

        @Override
        public Schema avroSchema() {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }

        @Override
        public String avroDoc(Column column) {
            return "UTC instant as milliseconds since 1970-01-01T00:00:00Z, whole seconds only "
                    + "(the API shows it as e.g. 2021-07-27T16:02:08Z).";
        }

        @Override
        public void writeAvro(byte[] text, Encoder out, String column) throws IOException {
            out.writeLong(InstantText.epochMillis(text));
        }

        @Override
        public Object fromAvro(Column column, Object datum, Object[] cells, int at, List<Violation> violations) {
            // A typed instant has no text to parse; what the ISO rule demands of it is whole seconds
            // in a four-digit year, which is exactly when it has a canonical text.
            long millis = ((Number) datum).longValue();
            String text = InstantText.iso(millis);
            if (text == null) {
                cells[at] = Instant.ofEpochMilli(millis).toString();
                violations.add(new Violation(column.name(), Rule.ISO_INSTANT, column.name() + " "
                        + cells[at] + " is not a whole-second UTC instant between years 0000 and 9999"));
                return null;
            }
            cells[at] = text;
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public Object toAvro(Object value) {
            return ((Instant) value).toEpochMilli();
        }

        @Override
        public AvroConversion conversionFrom(Schema field) {
            LogicalType logical = field.getLogicalType();
            String logicalName = logical == null ? null : logical.getName();
            return field.getType() == Schema.Type.STRING && logical == null ? AvroConversion.ISO_TEXT
                    : field.getType() != Schema.Type.LONG ? null
                    : "timestamp-millis".equals(logicalName) ? AvroConversion.TIMESTAMP_MILLIS
                    : "timestamp-micros".equals(logicalName) ? AvroConversion.TIMESTAMP_MICROS : null;
        }

        @Override
        public String acceptedAvro() {
            return "an ISO-8601 string, or long with logical type timestamp-millis or timestamp-micros "
                    + "(or either in a union with null)";
        }

        @Override
        public void loadData(Object value, TsvOut out) {
            out.dateTime((Instant) value);
        }

        @Override
        public void loadDataCell(Object cell, TsvOut out) {
            out.dateTime((String) cell);
        }

        @Override
        public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
            statement.setObject(index, Column.utc((Instant) value));
        }

        @Override
        public Object read(ResultSet rs, int index) throws SQLException {
            return Column.format(rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        }

        @Override
        public String digestText(String canonical) {
            if (canonical.length() == 20 && canonical.charAt(10) == 'T') {
                // 2021-07-27T16:02:08Z -> 2021-07-27 16:02:08, as the database writes a DATETIME
                return canonical.substring(0, 10) + ' ' + canonical.substring(11, 19);
            }
            return canonical;
        }
    };

    /** What the JSON schema of an instant column demands: the canonical text, nothing else. */
    public static final String INSTANT_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";
    private static final Instant EXAMPLE_INSTANT = Instant.parse("2021-07-27T16:02:08Z");

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The SQL data type name, as information_schema reports it (lower-cased there). */
    public String sqlType() {
        return sqlType;
    }

    // --- the dictionary's rules (Column calls these once a value is known to be present)

    /** The rules a value breaks by its type alone, in the order they are checked. */
    abstract List<Rule> typeRules();

    /** Non-empty CSV text as a typed value, or {@code null} after adding what it breaks to {@code violations}. */
    abstract Object parse(Column column, String raw, List<Violation> violations);

    /** A non-null JSON value as a typed value: text types take a JSON string and parse it. */
    Object fromJson(Column column, JsonNode node, List<Violation> violations) {
        if (!node.isTextual()) {
            violations.add(new Violation(column.name(), Rule.SHAPE, column.name() + " must be a JSON string, not " + node));
            return null;
        }
        return column.parse(node.textValue(), violations);
    }

    // --- JSON (the OpenAPI document)

    /** Sets the JSON type and the limits a valid value keeps to on a column's schema. */
    public abstract void jsonSchema(Column column, org.eclipse.microprofile.openapi.models.media.Schema schema);

    /** What a value is, for a person ("a whole number"); the column adds key and reference rules. */
    public abstract String describe(Column column);

    /** A valid JSON value for the row with this id (references and keys are the column's: see callers). */
    public abstract Object example(Column column, int id);

    // --- Avro backups

    /** The Avro schema of a value in hireflow's own backup files. */
    public abstract Schema avroSchema();

    /** The field documentation a plain (not key, not reference) column of this type gets in the backup schema. */
    public String avroDoc(Column column) {
        return "";
    }

    /** Writes the database text of a value as its Avro datum (see RawRowWriter: no String per value). */
    public abstract void writeAvro(byte[] text, Encoder out, String column) throws IOException;

    /**
     * Judges a non-null datum read from a hireflow backup: puts its cell at {@code cells[at]} and returns the
     * typed value, or {@code null} after adding what it breaks to {@code violations}.
     */
    public abstract Object fromAvro(Column column, Object datum, Object[] cells, int at, List<Violation> violations);

    /** A typed value as the datum of {@link #avroSchema()}. */
    public Object toAvro(Object value) {
        return value;
    }

    /** How a field of a foreign Avro file (its type without a null union) feeds this type, or {@code null}. */
    public abstract AvroConversion conversionFrom(Schema field);

    /** The Avro field types {@link #conversionFrom} accepts, for a refusal. */
    public abstract String acceptedAvro();

    // --- LOAD DATA text, JDBC, the content digest

    /** Writes a typed value as the {@code LOAD DATA} text of it. */
    public abstract void loadData(Object value, TsvOut out);

    /** Writes a backup scan's cell as the {@code LOAD DATA} text of it. */
    public void loadDataCell(Object cell, TsvOut out) {
        loadData(cell, out);
    }

    /** Binds a typed value to a statement parameter. */
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, value);
    }

    /** Reads a column of the current result-set row as its JSON value. */
    public Object read(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index);
    }

    /** A value's canonical text ({@link Column#format}) as the database writes it as text, for the content digest. */
    public String digestText(String canonical) {
        return canonical;
    }

    private static Violation notAWholeNumber(Column column, String value) {
        return new Violation(column.name(), Rule.INTEGER,
                column.name() + " must be a whole number between 1 and 2147483647, not " + value);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** An INT's database text, parsed from its digits without a String. */
    private static int integer(byte[] digits, String column) {
        long value = 0;
        boolean negative = digits.length > 0 && digits[0] == '-';
        for (int i = negative ? 1 : 0; i < digits.length; i++) {
            int digit = digits[i] - '0';
            if (digit < 0 || digit > 9 || i > 11) {
                throw new IllegalStateException(column + " is not an INT: " + new String(digits));
            }
            value = value * 10 + digit;
        }
        return Math.toIntExact(negative ? -value : value);
    }
}
