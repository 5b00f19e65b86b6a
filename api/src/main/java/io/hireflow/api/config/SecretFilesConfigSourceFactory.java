package io.hireflow.api.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.EnvConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Secrets from files, never from the process environment: for each {@code QUARKUS_…} or {@code HIREFLOW_…}
 * variable whose name ends in {@code PASSWORD_FILE}, {@code SECRET_FILE} or {@code TOKEN_FILE} and names a file
 * (a Docker/Kubernetes secret), the setting without {@code _FILE} takes the file's content, e.g.
 * {@code QUARKUS_DATASOURCE_PASSWORD_FILE=/run/secrets/db_app_password} sets {@code quarkus.datasource.password}.
 * The value lives only in the JVM's configuration, so it is not in /proc/PID/environ or {@code docker inspect}.
 * A missing, unreadable or empty file stops the start with a message naming the variable and the file.
 */
public class SecretFilesConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below a variable set in clear (300), which an operator means. */
    static final int ORDINAL = 290;
    private static final Pattern SECRET_FILE = Pattern.compile("((?:QUARKUS|HIREFLOW)_[A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN))_FILE");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> secrets = new HashMap<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext();) {
            Matcher name = SECRET_FILE.matcher(names.next());
            if (name.matches()) {
                String path = context.getValue(name.group()).getValue();
                if (path != null && !path.isBlank()) {
                    secrets.put(name.group(1), read(name.group(), Path.of(path.strip())));
                }
            }
        }
        // EnvConfigSource matches QUARKUS_DATASOURCE_PASSWORD to quarkus.datasource.password as the environment does.
        return secrets.isEmpty() ? List.of() : List.of(new EnvConfigSource(secrets, ORDINAL) {
            @Override
            public String getName() {
                return "hireflow secret files";
            }
        });
    }

    static String read(String variable, Path file) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(variable + " names " + file + ", which cannot be read (" + e.getClass()
                    .getSimpleName() + "): mount the secret there or correct " + variable, e);
        }
        // A trailing newline (echo, editors) is not part of a secret.
        String secret = value.replaceAll("[\\r\\n]+$", "");
        if (secret.isEmpty()) {
            throw new IllegalStateException(variable + " names " + file + ", which is empty: put the secret in it");
        }
        return secret;
    }
}
