package io.hireflow.api.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.hireflow.api.dictionary.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator names every job and every department differently, as a real HR data set does. */
class HistoryGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void everyValidJobAndDepartmentRowHasItsOwnName() throws IOException {
        new HistoryGenerator(42, 0.03, 80, 700, 10).writeAll(dir, 1);

        for (Table table : new Table[] {Table.DEPARTMENTS, Table.JOBS}) {
            Map<String, String> idByName = new HashMap<>();
            Set<String> ids = new HashSet<>();
            try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(dir.resolve(table.tableName() + ".csv"))) {
                for (CsvRecord row : csv) {
                    String id = row.getField(0);
                    String name = row.getField(1);
                    // Flawed rows (a duplicate id, a blank or over-long name) are meant to be rejected.
                    if (!ids.add(id) || name.isBlank() || name.length() > 100 || !id.matches("\\d+")) {
                        continue;
                    }
                    String other = idByName.put(name, id);
                    assertTrue(other == null, table + ": '" + name + "' for ids " + other + " and " + id);
                }
            }
            assertTrue(idByName.size() > (table == Table.JOBS ? 600 : 60), table + ": " + idByName.size());
        }
    }

    @Test
    void namesStayDistinctBeyondEveryCombinationAndForNewRecordIds() {
        Set<String> jobs = new HashSet<>();
        Set<String> departments = new HashSet<>();
        IntStream.rangeClosed(1, 5000).forEach(id -> jobs.add(HistoryGenerator.jobName(id)));
        IntStream.rangeClosed(10001, 10010).forEach(id -> jobs.add(HistoryGenerator.jobName(id)));
        IntStream.rangeClosed(1, 1000).forEach(id -> departments.add(HistoryGenerator.departmentName(id)));
        IntStream.rangeClosed(10001, 10010).forEach(id -> departments.add(HistoryGenerator.departmentName(id)));

        assertEquals(5010, jobs.size());
        assertEquals(1010, departments.size());
        assertEquals("Sales", HistoryGenerator.departmentName(2));
        assertEquals("Sales EMEA", HistoryGenerator.departmentName(14));
        assertTrue(jobs.stream().allMatch(n -> n.length() <= 100), "within the dictionary's 100 characters");
    }
}
