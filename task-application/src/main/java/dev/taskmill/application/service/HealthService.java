package dev.taskmill.application.service;

import dev.taskmill.application.port.in.GetHealthUseCase;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.EngineStatus;

/**
 * Readiness: the store answers (the status page's check, {@link LiveNodes}), the engine's
 * workers run, and the server is not shutting down.
 */
public final class HealthService implements GetHealthUseCase {

    private final ClusterView cluster;
    private final EngineStatus engine;

    public HealthService(ClusterView cluster, EngineStatus engine) {
        this.cluster = cluster;
        this.engine = engine;
    }

    @Override
    public Readiness readiness() {
        boolean accepting = !engine.stopping();
        boolean workers = engine.workersRunning();
        return new Readiness(LiveNodes.of(cluster, "Readiness").isPresent(), workers, accepting);
    }
}
