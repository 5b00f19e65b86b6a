package io.hireflow.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets named by *_FILE variables reach the configuration, and a bad secret file stops the start. */
class SecretFilesConfigSourceFactoryTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDatasourcePasswordFromItsFileWithoutTheTrailingNewline() throws IOException {
        Path secret = Files.writeString(dir.resolve("db_app_password"), "s3cr'et with spaces\n");

        SmallRyeConfig config = configWithEnvironment(Map.of("QUARKUS_DATASOURCE_PASSWORD_FILE", secret.toString()));

        assertEquals("s3cr'et with spaces", config.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void aPasswordGivenInClearStillWins() throws IOException {
        Path secret = Files.writeString(dir.resolve("p"), "from-file");

        SmallRyeConfig config = configWithEnvironment(Map.of("QUARKUS_DATASOURCE_PASSWORD_FILE", secret.toString(),
                "QUARKUS_DATASOURCE_PASSWORD", "in-clear"));

        assertEquals("in-clear", config.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void leavesFileSettingsThatAreNotSecretsAlone() throws IOException {
        Path keyStore = Files.write(dir.resolve("keystore.p12"), new byte[] {0, 1, 2});

        SmallRyeConfig config = configWithEnvironment(Map.of("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE",
                keyStore.toString(), "SSL_CERT_FILE", "/nowhere"));

        assertFalse(config.getOptionalValue("quarkus.http.ssl.certificate.key-store", String.class).isPresent());
    }

    @Test
    void anEmptySecretFileIsAClearErrorBeforeTheStart() throws IOException {
        Path empty = Files.writeString(dir.resolve("db_app_password"), "\n");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> configWithEnvironment(Map.of("QUARKUS_DATASOURCE_PASSWORD_FILE", empty.toString())));

        assertEquals("QUARKUS_DATASOURCE_PASSWORD_FILE names " + empty + ", which is empty: put the secret in it",
                error.getMessage());
    }

    @Test
    void aMissingSecretFileNamesTheVariableAndTheFile() {
        Path missing = dir.resolve("nope");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> configWithEnvironment(Map.of("HIREFLOW_S3_SECRET_FILE", missing.toString())));

        assertTrue(error.getMessage().startsWith("HIREFLOW_S3_SECRET_FILE names " + missing + ", which cannot be read"),
                error.getMessage());
    }

    private static SmallRyeConfig configWithEnvironment(Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withSources(new EnvConfigSource(environment, 300))
                .withSources(new SecretFilesConfigSourceFactory()).build();
    }
}
