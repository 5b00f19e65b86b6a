package io.hireflow.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process serves HTTP. Deliberately independent of the database and the disk:
 * restarting the API would not fix either, readiness reports them instead. Reports its process id, so
 * that a starter (./up.sh) can tell its own process's answer from another program's on the same port.
 */
@Liveness
@ApplicationScoped
public class ApiLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("api").up()
                .withData("pid", ProcessHandle.current().pid())
                .withData("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory())
                .withData("heapMaxBytes", runtime.maxMemory())
                .build();
    }
}
