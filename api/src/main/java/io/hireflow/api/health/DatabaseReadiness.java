package io.hireflow.api.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers a query and the schema has been migrated. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private final AgroalDataSource dataSource;

    DatabaseReadiness(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("database");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(3);
            // Reading a migrated table proves more than SELECT 1: the schema is there and readable.
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")) {
                rs.next();
                answer.withData("migrations", rs.getLong(1));
            }
            answer.withData("server", c.getMetaData().getDatabaseProductVersion());
            return answer.up().build();
        } catch (SQLException e) {
            // The message of a connection failure names host and port, never credentials.
            return answer.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
