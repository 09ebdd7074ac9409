package dev.taskmill.application.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import dev.taskmill.testing.Eventually;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How many times idle workers look for work: a call admitted wakes one, who does not wake another for it. */
class WakeUpsTest {

    private final AtomicInteger claims = new AtomicInteger();
    private final AtomicInteger emptyClaims = new AtomicInteger();
    private final AtomicInteger startedAtAdmission = new AtomicInteger();
    private EngineFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * The store, counting the claims made on their own (a completion's next claim is not one)
     * and the tasks its admissions started; with {@code onlyAdmits}, a store that keeps the
     * port's default admission, which never starts a task.
     */
    private TaskRepository counting(TaskRepository store, boolean onlyAdmits) {
        return (TaskRepository) Proxy.newProxyInstance(TaskRepository.class.getClassLoader(),
                new Class<?>[] {TaskRepository.class}, (proxy, method, args) -> {
                    try {
                        if (onlyAdmits && method.getName().equals("admitAndStart")) {
                            return store.admit((TaskSubmission) args[0]);
                        }
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("claimNextRunnable")) {
                            claims.incrementAndGet();
                            if (((Optional<?>) result).isEmpty()) {
                                emptyClaims.incrementAndGet();
                            }
                        }
                        if (method.getName().equals("admitAndStart") && ((Task) result).state() == TaskState.RUNNING) {
                            startedAtAdmission.incrementAndGet();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @ParameterizedTest(name = "store starts tasks at admission: {0}")
    @ValueSource(booleans = {true, false})
    void aCallAdmittedToIdleWorkers_isStartedOnce_andWakesNoOtherWorker(boolean storeStartsTasks) throws Exception {
        GateOperation gate = new GateOperation();
        fixture = new EngineFixture(counting(new SimpleTaskRepository(), !storeStartsTasks), 4, Duration.ofHours(1),
                gate);
        // the workers' first looks, then they sleep
        Eventually.await(Duration.ofSeconds(10), "four first looks", claims::get, count -> count >= 4);
        Thread.sleep(200);
        claims.set(0);
        emptyClaims.set(0);

        for (int i = 0; i < 5; i++) {
            gate.open("call-" + i); // it returns at once
            Task task = fixture.submit(gate.name(), Map.of("gate", "call-" + i));
            Eventually.await(Duration.ofSeconds(10), "the call's end", () -> fixture.get.getTask(
                    EngineFixture.ANYONE, task.id()).state(), state -> state == TaskState.FINISHED);
            Thread.sleep(50); // a worker woken without need would have looked by now
        }

        if (storeStartsTasks) {
            assertThat(startedAtAdmission.get()).as("each call started by its admission").isEqualTo(5);
            assertThat(claims.get()).as("and never claimed").isZero();
        } else {
            assertThat(claims.get()).as("one claim a call, by the worker the admission was offered").isEqualTo(5);
        }
        assertThat(emptyClaims.get()).as("claims that found nothing").isZero();
    }

    @Test
    void workThatMayBeSeveralTasks_isPassedOnFromWorkerToWorker_soTheyRunSideBySide() throws Exception {
        GateOperation gate = new GateOperation();
        fixture = new EngineFixture(counting(new SimpleTaskRepository(), false), 4, Duration.ofHours(1), gate);
        Eventually.await(Duration.ofSeconds(10), "four first looks", claims::get, count -> count >= 4);
        Thread.sleep(200);
        // stored without a wake-up, then one wake-up for the three of them
        for (String name : List.of("a", "b", "c")) {
            fixture.repository.admit(TaskSubmission.of(TaskId.random(), gate.name(), Map.of("gate", name), List.of(),
                    List.of(), true, null, Instant.now(), null));
        }
        fixture.engine.workMayBeRunnable();

        // the three run at once: each worker that found one woke the next
        for (String name : List.of("a", "b", "c")) {
            gate.awaitStarted(name);
        }
        List.of("a", "b", "c").forEach(gate::open);
    }
}
