package io.hireflow.api.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the datasource at an embedded MariaDB when no external database is configured.
 *
 * <p>Setting {@code QUARKUS_DATASOURCE_JDBC_URL} (or {@code quarkus.datasource.jdbc.url}) is all it
 * takes to use an external MySQL 8 / MariaDB server instead; {@code hireflow.embedded-db.enabled=false}
 * turns the fallback off. Its ordinal is low so that any explicit setting wins.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 110;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (augmenting() || isSet(context.getValue("quarkus.datasource.jdbc.url"))
                || "false".equalsIgnoreCase(value(context, "hireflow.embedded-db.enabled"))) {
            return List.of();
        }
        String port = value(context, "hireflow.embedded-db.port");
        String url = EmbeddedDatabase.startOnce(value(context, "hireflow.embedded-db.data-dir"),
                port == null ? 0 : Integer.parseInt(port));
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", "root"), "hireflow-embedded-mariadb", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * Whether Quarkus is building the application. Runtime values seen then are recorded as the
     * packaged jar's defaults, so a server started by the build would leave its (dead) port in the
     * jar, and the build would start a database for nothing.
     */
    private static boolean augmenting() {
        return StackWalker.getInstance().walk(frames -> frames
                .anyMatch(frame -> "io.quarkus.deployment.QuarkusAugmentor".equals(frame.getClassName())));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : null;
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
