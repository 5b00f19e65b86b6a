package io.hireflow.client.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchReaderTest {

    @TempDir
    Path dir;

    @Test
    void splitsA2500RowCsvIntoBatchesOf1000And500KeepingEveryRowAndItsLine() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 2500; i++) {
            csv.append(i).append(",Person ").append(i).append(",2021-01-01T00:00:00Z,1,1\n");
        }
        Path file = Files.writeString(dir.resolve("employees.csv"), csv);

        List<Batch> batches = readAll(file, 1000);

        assertEquals(List.of(1000, 1000, 500), batches.stream().map(Batch::size).toList());
        assertEquals(List.of(1, 2, 3), batches.stream().map(Batch::number).toList());
        assertEquals(1, batches.get(0).firstLine());
        assertEquals(1001, batches.get(1).firstLine());
        assertEquals(2500, batches.get(2).lastLine());
        List<String> ids = new ArrayList<>();
        for (Batch batch : batches) {
            assertEquals("text/csv", batch.contentType());
            for (CsvRecord record : CsvReader.builder().ofCsvRecord(batch.body())) {
                ids.add(record.getField(0));
            }
        }
        assertEquals(2500, ids.size());
        assertEquals("1", ids.get(0));
        assertEquals("2500", ids.get(2499));
    }

    @Test
    void keepsQuotedCommasAndLineBreaksInsideTheirFieldAndCountsSourceLines() throws IOException {
        Path file = Files.writeString(dir.resolve("jobs.csv"),
                "1,\"Engineer, senior\"\n2,\"Two\nline name\"\n\n3,Plain\n4, \n");

        List<Batch> batches = readAll(file, 2);

        assertEquals(2, batches.size());
        assertArrayEquals(new long[] {1, 2}, batches.get(0).lines());
        // line 4 is empty and skipped, the record on line 5 keeps its number
        assertArrayEquals(new long[] {5, 6}, batches.get(1).lines());
        List<CsvRecord> first = CsvReader.builder().ofCsvRecord(batches.get(0).body()).stream().toList();
        assertEquals("Engineer, senior", first.get(0).getField(1));
        assertEquals("Two\nline name", first.get(1).getField(1));
        List<CsvRecord> second = CsvReader.builder().ofCsvRecord(batches.get(1).body()).stream().toList();
        assertEquals(" ", second.get(1).getField(1), "a blank field is sent as it is, for the API to judge");
    }

    @Test
    void leavesRowsWithTheWrongFieldCountForTheApiToJudge() throws IOException {
        Path file = Files.writeString(dir.resolve("departments.csv"), "\uFEFF1,One\n2\n3,Three,extra\n");

        Batch batch = readAll(file, 1000).get(0);

        assertEquals(3, batch.size());
        List<CsvRecord> records = CsvReader.builder().ofCsvRecord(batch.body()).stream().toList();
        assertEquals("1", records.get(0).getField(0), "the byte-order mark is not part of the first id");
        assertEquals(1, records.get(1).getFieldCount());
        assertEquals(3, records.get(2).getFieldCount());
    }

    @Test
    void splitsAJsonArrayRememberingTheLineEachRowStartsOn() throws IOException {
        Path file = Files.writeString(dir.resolve("departments.json"), """
                [
                  {"department_id": 1, "department_name": "One"},
                  {"department_id": 2,
                   "department_name": "Two"},
                  {"department_id": 3, "department_name": "Three"}
                ]
                """);

        List<Batch> batches = readAll(file, 2);

        assertEquals(2, batches.size());
        assertEquals("application/json", batches.get(0).contentType());
        assertArrayEquals(new long[] {2, 3}, batches.get(0).lines());
        assertArrayEquals(new long[] {5}, batches.get(1).lines());
        JsonNode second = new ObjectMapper().readTree(batches.get(1).body());
        assertTrue(second.isArray());
        assertEquals("Three", second.get(0).path("department_name").asText());
    }

    @Test
    void refusesWhatCannotBeSplit() throws IOException {
        Path notArray = Files.writeString(dir.resolve("rows.json"), "{\"department_id\": 1}");
        Path unclosed = Files.writeString(dir.resolve("open.json"), "[{\"department_id\": 1},");
        Path csv = Files.writeString(dir.resolve("ok.csv"), "1,One\n");

        assertThrows(BatchFileException.class, () -> BatchReader.open(notArray, 10));
        assertThrows(BatchFileException.class, () -> readAll(unclosed, 10));
        assertThrows(BatchFileException.class, () -> BatchReader.open(dir.resolve("missing.csv"), 10));
        assertThrows(IllegalArgumentException.class, () -> BatchReader.open(csv, 0));
    }

    @Test
    void theBatchSizeIsTheApisLimitUnlessAskedWithinIt() {
        assertEquals(1000, BatchReader.batchSize(null, 1000), "no --batch-size: as many as the API takes");
        assertEquals(250, BatchReader.batchSize(null, 250), "an API configured lower is followed");
        assertEquals(10, BatchReader.batchSize(10, 1000));
        BatchFileException tooBig = assertThrows(BatchFileException.class, () -> BatchReader.batchSize(1001, 1000));
        assertTrue(tooBig.getMessage().contains("between 1 and 1000"), tooBig.getMessage());
        assertThrows(BatchFileException.class, () -> BatchReader.batchSize(0, 1000));
        assertThrows(BatchFileException.class, () -> BatchReader.batchSize(300, 250));
    }

    @Test
    void aFileMalformedHalfWayFailsAtThatBatch() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "[{\"a\": 1}, {\"a\": 2}, {\"a\": oops}]");
        try (BatchReader reader = BatchReader.open(file, 2)) {
            assertEquals(2, reader.next().size());
            BatchFileException e = assertThrows(BatchFileException.class, reader::next);
            assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());
        }
    }

    @Test
    void anEmptyFileHasNoBatches() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.csv"), "", StandardCharsets.UTF_8);
        try (BatchReader reader = BatchReader.open(file, 10)) {
            assertFalse(reader.hasNext());
        }
    }

    private static List<Batch> readAll(Path file, int size) {
        List<Batch> batches = new ArrayList<>();
        try (BatchReader reader = BatchReader.open(file, size)) {
            reader.forEachRemaining(batches::add);
        }
        return batches;
    }
}
