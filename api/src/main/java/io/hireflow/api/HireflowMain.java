package io.hireflow.api;

import io.hireflow.api.database.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the API, first starting an embedded MariaDB when no external database is configured, so
 * that {@code java -jar} and {@code quarkus:dev} work on a machine that has only a JDK.
 *
 * <p>The database is started here, before Quarkus reads its configuration, rather than from a
 * config source: a config source also runs while the application is built, and Quarkus would
 * record that build-time URL into the packaged jar.
 */
@QuarkusMain
public class HireflowMain {

    public static void main(String... args) {
        EmbeddedDatabase.startUnlessConfigured();
        Quarkus.run(args);
    }
}
