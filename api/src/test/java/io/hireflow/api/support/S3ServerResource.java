package io.hireflow.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts an {@link S3Server} with a bucket and points the API's backups at it, credentials given as secret
 * files (as a Docker secret would be). For {@link S3Target} tests only.
 */
public class S3ServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "hireflow-backups";
    /** The running server, for tests that inspect the bucket. */
    public static volatile S3Server server;

    @Override
    public Map<String, String> start() {
        try {
            String why = S3Server.unavailableReason();
            if (why != null) {
                throw new IllegalStateException(why);
            }
            server = S3Server.start();
            server.createBucket(BUCKET);
            Path secrets = Files.createDirectories(server.dataFolder().resolveSibling("secrets"));
            Path access = Files.writeString(secrets.resolve("s3-access-key"), S3Server.ACCESS_KEY + "\n");
            Path secret = Files.writeString(secrets.resolve("s3-secret-key"), S3Server.SECRET_KEY + "\n");
            return Map.of("hireflow.backup.target", "s3",
                    "hireflow.backup.bucket", BUCKET,
                    "hireflow.backup.prefix", "test/backups",
                    "hireflow.backup.retention", "3",
                    "hireflow.s3.endpoint", server.endpoint().toString(),
                    "hireflow.s3.path-style", "true",
                    "hireflow.s3.part-size-mib", "5",
                    "hireflow.s3.access-key-file", access.toString(),
                    "hireflow.s3.secret-key-file", secret.toString());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start s3proxy for the S3 backup tests", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
