package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.service.CancelTaskService;
import dev.taskmill.application.service.GetTaskService;
import dev.taskmill.application.service.ListTasksService;
import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.service.SubmitCallService;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The engine and services wired on the memory store, with the operations a test brings. */
public final class EngineFixture implements AutoCloseable {

    public static final Caller ANYONE = Caller.anonymous();
    /** The name of the fixture's node, which its workers' names begin with. */
    public static final String NODE = "taskmill-e0e0e0e0";

    public final TaskRepository repository;
    public final TaskEngine engine;
    public final SubmitCallService submit;
    public final GetTaskService get;
    public final ListTasksService list;
    public final CancelTaskService cancel;

    public EngineFixture(int workers, Duration retention, Operation... operations) {
        this(new SimpleTaskRepository(), workers, retention, operations);
    }

    /** The engine and services on {@code repository}. */
    public EngineFixture(TaskRepository repository, int workers, Duration retention, Operation... operations) {
        this(repository, ClusterSignals.NONE, workers, retention, operations);
    }

    /** The engine and services on {@code repository}, one node of those that {@code signals} reach. */
    public EngineFixture(TaskRepository repository, ClusterSignals signals, int workers, Duration retention,
            Operation... operations) {
        this.repository = repository;
        OperationCatalog catalog = OperationCatalog.of(List.of(operations));
        OperationEnvironment environment = new OperationEnvironment(Path.of("."));
        Clock clock = Clock.systemUTC();
        engine = new TaskEngine(repository, catalog, environment, clock, new EngineSettings(workers, retention, NODE),
                signals);
        submit = new SubmitCallService(repository, catalog, environment, engine, clock);
        get = new GetTaskService(repository);
        list = new ListTasksService(repository);
        cancel = new CancelTaskService(repository, engine, clock);
        engine.start();
    }

    public EngineFixture(Operation... operations) {
        this(4, Duration.ofHours(1), operations);
    }

    /** Submits {@code operation} with {@code args}, claiming the given resources. */
    public Task submit(String operation, Map<String, Object> args, ResourceClaim... claims) {
        return submit.submit(Caller.anonymous(), new SubmitCallCommand(operation, args, List.of(claims), List.of(), Optional.empty()));
    }

    public static ResourceClaim claim(String resourceId, ResourceOperation operation) {
        return new ResourceClaim("repository", resourceId, operation);
    }

    /** The task once {@code condition} holds; fails after 10 seconds. */
    public Task awaitTask(TaskId id, Predicate<Task> condition, String description) {
        return Eventually.await(Duration.ofSeconds(10), "task " + id + " " + description,
                () -> get.getTask(Caller.anonymous(), id), condition);
    }

    /** Stops the engine at once, telling running operations to stop. */
    @Override
    public void close() {
        engine.close();
    }
}
