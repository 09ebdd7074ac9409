package dev.taskmill.bench;

import dev.taskmill.adapter.rest.TaskUseCases;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import java.net.URI;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A whole Taskmill server in this JVM, on a free port, driven through its inbound ports. */
final class EmbeddedTaskmill implements AutoCloseable {

    static final String RESOURCE_TYPE = "repository";

    /** The embedded calls come from within the process, as nobody in particular. */
    private static final Caller CALLER = Caller.anonymous();

    private final Taskmill taskmill;
    private final TaskUseCases useCases;

    private EmbeddedTaskmill(Taskmill taskmill) {
        this.taskmill = taskmill;
        this.useCases = taskmill.useCases();
    }

    static EmbeddedTaskmill start(Duration retention) {
        return start(retention, StoreConfig.memory());
    }

    /** A node on {@code store}; several nodes may share a PostgreSQL store. */
    static EmbeddedTaskmill start(Duration retention, StoreConfig store) {
        return new EmbeddedTaskmill(Taskmill.start(new TaskmillConfig("127.0.0.1", 0, BenchSettings.WORKERS,
                "/pulp/api", retention, Path.of(".").toAbsolutePath(), SecurityConfig.none(), store)));
    }

    static EmbeddedTaskmill start() {
        return start(Duration.ofHours(24));
    }

    /** The user of {@link #withBasicAuth}, who holds every permission, and its password. */
    static final String USER = "admin";
    static final String PASSWORD = "bench-password-of-admin";

    /**
     * A node on the memory store that asks for HTTP Basic, as users run it: a users file of its
     * own (in a new temporary directory) with {@link #USER}, whose password is {@link #PASSWORD}.
     */
    static EmbeddedTaskmill withBasicAuth() throws IOException {
        Path directory = Files.createTempDirectory("taskmill-bench-users-");
        directory.toFile().deleteOnExit();
        Path usersFile = directory.resolve(SecurityConfig.DEFAULT_USERS_FILE);
        usersFile.toFile().deleteOnExit();
        return new EmbeddedTaskmill(Taskmill.start(new TaskmillConfig("127.0.0.1", 0, BenchSettings.WORKERS,
                "/pulp/api", Duration.ofHours(24), Path.of(".").toAbsolutePath(),
                new SecurityConfig(true, usersFile, PASSWORD, null, null), StoreConfig.memory())));
    }

    /** The {@code Authorization} header of {@link #USER} for a server of {@link #withBasicAuth}. */
    static String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A node on the memory store with {@code workers} workers instead of the default. */
    static EmbeddedTaskmill withWorkers(int workers) {
        return new EmbeddedTaskmill(Taskmill.start(new TaskmillConfig("127.0.0.1", 0, workers, "/pulp/api",
                Duration.ofHours(24), Path.of(".").toAbsolutePath(), SecurityConfig.none(), StoreConfig.memory())));
    }

    /** How many waits for a task's end ({@code ?wait=}) the server holds now. */
    int waitCount() {
        return taskmill.waitCount();
    }

    URI baseUri() {
        return taskmill.baseUri();
    }

    /** The benchmarks' call: {@code noop} with one claim and two tags. */
    Task submitNoOp(String resourceId, ResourceOperation operation, Tag first, Tag second) {
        return submit(NoOpOperation.NAME, Map.of(), resourceId, operation, List.of(first, second));
    }

    Task submit(String operationName, Map<String, Object> args, String resourceId, ResourceOperation operation,
            List<Tag> tags) {
        return submit(new SubmitCallCommand(operationName, args,
                List.of(new ResourceClaim(RESOURCE_TYPE, resourceId, operation)), tags, Optional.empty()));
    }

    Task submit(SubmitCallCommand command) {
        return useCases.submit().submit(CALLER, command);
    }

    /**
     * Submits a {@code sleep} of a day holding an {@code update} claim on each of
     * {@code resourceIds}, so that calls claiming them stay waiting.
     */
    Task hold(List<String> resourceIds) {
        List<ResourceClaim> claims = resourceIds.stream()
                .map(id -> new ResourceClaim(RESOURCE_TYPE, id, ResourceOperation.UPDATE))
                .toList();
        return submit(new SubmitCallCommand("sleep", Map.of("seconds", 86_400), claims, List.of(), Optional.empty()));
    }

    /** The task as it is now. */
    Task current(Task task) {
        return useCases.get().getTask(CALLER, task.id());
    }

    /** Waits, polling every 2 ms, until no task is waiting or running. */
    void awaitIdle(Duration atMost) throws InterruptedException {
        awaitCount(TaskFilter.incomplete(Set.of()), 0, atMost, 2);
    }

    /**
     * Waits, polling every {@code everyMillis}, until no task is waiting or running: on a
     * database, polling less often leaves it to the work being measured.
     */
    void awaitIdle(Duration atMost, long everyMillis) throws InterruptedException {
        awaitCount(TaskFilter.incomplete(Set.of()), 0, atMost, everyMillis);
    }

    /**
     * Waits until {@code last} has run and at most {@code running} tasks are running: every
     * runnable task submitted before {@code last} has then run too, as workers take the oldest first.
     */
    void awaitSettled(Task last, int running, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!current(last).state().isTerminal()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Task " + last.id() + " had not run after " + atMost);
            }
            Thread.sleep(2);
        }
        awaitCount(new TaskFilter(Set.of(), EnumSet.of(TaskState.RUNNING)), running, atMost, 2);
    }

    private void awaitCount(TaskFilter filter, int count, Duration atMost, long everyMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        ListTasksQuery query = new ListTasksQuery(filter, 0, count + 1);
        while (useCases.list().listTasks(CALLER, query).tasks().size() > count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("More than " + count + " tasks were still " + filter.states()
                        + " after " + atMost);
            }
            Thread.sleep(everyMillis);
        }
    }

    @Override
    public void close() {
        taskmill.close();
    }
}
