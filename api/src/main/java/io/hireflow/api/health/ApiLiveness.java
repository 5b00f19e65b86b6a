package io.hireflow.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process serves HTTP. Deliberately independent of the database and the disk:
 * restarting the API would not fix either, readiness reports them instead.
 */
@Liveness
@ApplicationScoped
public class ApiLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("api").up()
                .withData("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory())
                .withData("heapMaxBytes", runtime.maxMemory())
                .build();
    }
}
