package io.hireflow.api.health;

import io.hireflow.api.config.HireflowConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the shared volume takes a write: rejects, backups, reports and logs all land there. */
@Readiness
@ApplicationScoped
public class SharedFolderReadiness implements HealthCheck {

    private final Path shared;

    @Inject
    SharedFolderReadiness(HireflowConfig config) {
        this(config.sharedDir());
    }

    SharedFolderReadiness(Path shared) {
        this.shared = shared;
    }

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("shared-folder").withData("path", shared.toAbsolutePath().toString());
        try {
            Files.createDirectories(shared);
            Path probe = Files.createTempFile(shared, ".ready-", ".probe");
            try {
                // A full disk often still allows creating an empty file; a byte must actually go in.
                Files.write(probe, new byte[] {'o', 'k'});
            } finally {
                Files.deleteIfExists(probe);
            }
            answer.withData("freeBytes", Files.getFileStore(shared).getUsableSpace());
            return answer.up().build();
        } catch (IOException | RuntimeException e) {
            return answer.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
