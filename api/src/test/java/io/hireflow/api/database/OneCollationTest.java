package io.hireflow.api.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every table and text column uses the one collation that MariaDB and MySQL share, whatever the server's default. */
@QuarkusTest
class OneCollationTest {

    static final String COLLATION = "utf8mb4_unicode_ci";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyTableUsesUtf8mb4UnicodeCi() throws Exception {
        List<String> others = new ArrayList<>();
        int tables = 0;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, table_collation FROM information_schema.tables "
                        + "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' "
                        + "AND table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables++;
                if (!COLLATION.equals(rs.getString(2))) {
                    others.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        assertTrue(tables >= 10, "the migrated tables are there: " + tables);
        assertEquals(List.of(), others, "tables with another collation");
    }

    @Test
    void everyTextColumnUsesItOrADeliberateAsciiBinary() throws Exception {
        List<String> others = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name, collation_name FROM "
                        + "information_schema.columns WHERE table_schema = DATABASE() AND collation_name IS NOT NULL "
                        + "AND table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                String collation = rs.getString(3);
                if (!COLLATION.equals(collation) && !"ascii_bin".equals(collation)) {
                    others.add(rs.getString(1) + "." + rs.getString(2) + " " + collation);
                }
            }
        }
        assertEquals(List.of(), others, "text columns with another collation");
    }
}
