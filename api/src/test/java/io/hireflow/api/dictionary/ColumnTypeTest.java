package io.hireflow.api.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.database.TsvBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each type's forms of one value agree with each other: the CSV text, the database's text, the Avro datum, the
 * backup cell, the LOAD DATA text and the digest text. A new type fails here until it is given a sample (and so
 * until its forms are shown to agree).
 */
class ColumnTypeTest {

    /** One valid value of a type: a column of it, its canonical (CSV/JSON) text, and its text in the database. */
    private record Sample(Column column, String canonical, String databaseText) {
    }

    private static final Map<ColumnType, Sample> SAMPLES = Map.of(
            ColumnType.INTEGER, new Sample(Column.id("id"), "2147483647", "2147483647"),
            ColumnType.STRING, new Sample(Column.text("name", 20), "tab\there é😀", "tab\there é😀"),
            ColumnType.INSTANT, new Sample(Column.instant("at"), "2021-07-27T16:02:08Z", "2021-07-27 16:02:08"));

    @Test
    void everyTypeHasASample() {
        assertEquals(Arrays.asList(ColumnType.values()), Arrays.stream(ColumnType.values())
                .filter(SAMPLES::containsKey).toList(), "give each new type a Sample here");
    }

    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void theDatabaseTextWrittenAsAvroReadsBackAsTheParsedValue(ColumnType type) throws IOException {
        Sample sample = SAMPLES.get(type);
        Object parsed = parse(sample);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        type.writeAvro(sample.databaseText().getBytes(StandardCharsets.UTF_8), out, sample.column().name());
        out.flush();
        Schema schema = type.avroSchema();
        Object datum = new GenericDatumReader<>(schema).read(null,
                DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        // (a string datum reads back as Avro's Utf8, hence the text)
        assertEquals(String.valueOf(type.toAvro(parsed)), datum.toString(), "an import writes what a backup writes");

        Object[] cells = new Object[1];
        List<Violation> violations = new ArrayList<>();
        assertEquals(parsed, type.fromAvro(sample.column(), datum, cells, 0, violations));
        assertTrue(violations.isEmpty(), violations::toString);
        assertEquals(sample.canonical(), Column.format(cells[0]), "a cell is the value or its canonical text");
    }

    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void aValueAndItsBackupCellGiveTheSameLoadDataText(ColumnType type) {
        Sample sample = SAMPLES.get(type);
        Object parsed = parse(sample);
        Object[] cells = new Object[1];
        type.fromAvro(sample.column(), type.toAvro(parsed), cells, 0, new ArrayList<>());

        TsvBytes fromValue = new TsvBytes(64);
        type.loadData(parsed, fromValue);
        TsvBytes fromCell = new TsvBytes(64);
        type.loadDataCell(cells[0], fromCell);
        String text = new String(fromValue.take(), StandardCharsets.UTF_8);
        assertEquals(text, new String(fromCell.take(), StandardCharsets.UTF_8));
        // LOAD DATA reads the database's text back, with its escapes
        assertEquals(sample.databaseText().replace("\t", "\\t"), text);
    }

    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void theDigestTextOfTheCanonicalTextIsTheDatabasesText(ColumnType type) {
        Sample sample = SAMPLES.get(type);
        assertEquals(sample.databaseText(), type.digestText(sample.canonical()));
    }

    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void everyTypeDescribesItselfForTheOpenApiDocumentAndTheBackupSchema(ColumnType type) {
        Sample sample = SAMPLES.get(type);
        assertNotNull(type.conversionFrom(type.avroSchema()), "a file in hireflow's own schema can be imported");
        assertTrue(type.acceptedAvro().length() > 10);
        assertTrue(type.describe(sample.column()).length() > 5);
        Object example = type.example(sample.column(), 7);
        List<Violation> violations = new ArrayList<>();
        assertNotNull(sample.column().parse(Column.format(example), violations), "the example is valid");
        assertTrue(violations.isEmpty(), violations::toString);
    }

    @Test
    void badDatabaseTextIsRefusedNotWrittenAsSomethingElse() {
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(), null);
        assertThrows(IllegalStateException.class,
                () -> ColumnType.INTEGER.writeAvro("12x".getBytes(StandardCharsets.US_ASCII), out, "id"));
        assertThrows(ArithmeticException.class,
                () -> ColumnType.INTEGER.writeAvro("2147483648".getBytes(StandardCharsets.US_ASCII), out, "id"));
        assertThrows(IllegalArgumentException.class,
                () -> ColumnType.INSTANT.writeAvro("2021-02-30 00:00:00".getBytes(StandardCharsets.US_ASCII), out, "at"));
    }

    @Test
    void aTypedInstantWithAFractionIsAViolationWithItsTextShown() {
        Object[] cells = new Object[1];
        List<Violation> violations = new ArrayList<>();
        assertNull(ColumnType.INSTANT.fromAvro(Column.instant("at"), 1_627_401_728_500L, cells, 0, violations));
        assertEquals(List.of(Rule.ISO_INSTANT), violations.stream().map(Violation::rule).toList());
        assertEquals("2021-07-27T16:02:08.500Z", cells[0]);
    }

    private static Object parse(Sample sample) {
        List<Violation> violations = new ArrayList<>();
        Object parsed = sample.column().parse(sample.canonical(), violations);
        assertTrue(violations.isEmpty(), violations::toString);
        return parsed;
    }
}
