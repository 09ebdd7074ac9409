package dev.taskmill.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.engine.EngineFixture;
import dev.taskmill.application.engine.GateOperation;
import dev.taskmill.application.port.in.GetHealthUseCase.Readiness;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness through a real engine: the store's answer, the workers, the shutdown. */
class HealthServiceTest {

    private final GateOperation gate = new GateOperation();
    private final AtomicBoolean storeAnswers = new AtomicBoolean(true);
    private final ClusterView cluster = () -> {
        if (!storeAnswers.get()) {
            throw new StoreUnavailableException("the store is away", null);
        }
        return List.of(new ClusterView.Node(EngineFixture.NODE, 2, Instant.now()));
    };
    private EngineFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aStartedEngineOnAStoreThatAnswers_isReady_andNotOnceTheStoreStopsAnswering() {
        fixture = new EngineFixture(2, Duration.ofHours(1), gate);
        HealthService health = new HealthService(cluster, fixture.engine);

        Eventually.await(Duration.ofSeconds(10), "every worker running", () -> health.readiness().ready());
        assertThat(health.readiness()).isEqualTo(new Readiness(true, true, true));

        storeAnswers.set(false);
        assertThat(health.readiness()).isEqualTo(new Readiness(false, true, true));
        storeAnswers.set(true);
        assertThat(health.readiness().ready()).isTrue();
    }

    @Test
    void anEngineShuttingDown_isNotReady_whileItsTasksGetTheirGrace() throws Exception {
        fixture = new EngineFixture(2, Duration.ofHours(1), gate);
        HealthService health = new HealthService(cluster, fixture.engine);
        Eventually.await(Duration.ofSeconds(10), "every worker running", () -> health.readiness().ready());
        fixture.submit("gate", Map.of("gate", "g"));
        gate.awaitStarted("g");

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                () -> fixture.engine.shutdown(Duration.ofSeconds(30)));
        Eventually.await(Duration.ofSeconds(10), "the engine stopping", () -> fixture.engine.stopping());
        Readiness stopping = health.readiness();
        gate.open("g");
        shutdown.get();

        assertThat(stopping.accepting()).isFalse();
        assertThat(stopping.ready()).isFalse();
        assertThat(health.readiness().workersRunning()).as("after the shutdown").isFalse();
    }

    @Test
    void aStoppedEngine_hasNoWorkersRunning() {
        fixture = new EngineFixture(2, Duration.ofHours(1), gate);
        fixture.close();
        HealthService health = new HealthService(cluster, fixture.engine);
        Eventually.await(Duration.ofSeconds(10), "the workers gone", () -> !health.readiness().workersRunning());
        assertThat(health.readiness().ready()).isFalse();
    }
}
