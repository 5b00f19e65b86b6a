package io.hireflow.api.support;

import io.hireflow.api.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} a real database: the embedded MariaDB, or the external server
 * named by {@code QUARKUS_DATASOURCE_JDBC_URL} (then this starts nothing and overrides nothing).
 */
public class EmbeddedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return Map.of();
        }
        return Map.of("quarkus.datasource.jdbc.url", EmbeddedDatabase.startOnce(null, 0),
                "quarkus.datasource.username", "root");
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM; its shutdown hook stops it and removes its files.
    }
}
