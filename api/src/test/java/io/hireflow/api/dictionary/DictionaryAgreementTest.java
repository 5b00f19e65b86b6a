package io.hireflow.api.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the Flyway schema and the data dictionary describe the same tables. */
@QuarkusTest
class DictionaryAgreementTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyTableHasTheDictionaryColumnsInOrderWithTheirTypesAndLengths() throws Exception {
        for (Table table : Table.values()) {
            List<String> expected = new ArrayList<>();
            for (Column column : table.columns()) {
                expected.add(column.name() + " " + column.type().sqlType().toLowerCase()
                        + (column.maxLength() > 0 ? "(" + column.maxLength() + ")" : "") + " NO"
                        + (column.primaryKey() ? " PRI" : ""));
            }
            assertEquals(expected, actual(table), "schema of " + table);
        }
    }

    private List<String> actual(Table table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT column_name, data_type, "
                        + "character_maximum_length, is_nullable, column_key FROM information_schema.columns "
                        + "WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position")) {
            select.setString(1, table.tableName());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Object length = rs.getObject(3);
                    columns.add(rs.getString(1) + " " + rs.getString(2).toLowerCase()
                            + (length == null ? "" : "(" + length + ")") + " " + rs.getString(4)
                            + ("PRI".equals(rs.getString(5)) ? " PRI" : ""));
                }
            }
        }
        return columns;
    }
}
