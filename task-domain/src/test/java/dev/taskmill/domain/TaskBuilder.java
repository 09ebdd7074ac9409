package dev.taskmill.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test data builder for tasks and submissions: {@code aWaitingTask().withTags("a").build()}. */
public final class TaskBuilder {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The worker that runs the tasks built in a state a run reaches, unless told otherwise. */
    public static final String WORKER = "taskmill-0a1b2c3d-1";

    private TaskId id = TaskId.random();
    private String operation = "sleep";
    private final Map<String, Object> args = new LinkedHashMap<>();
    private final List<ResourceClaim> claims = new ArrayList<>();
    private final List<Tag> tags = new ArrayList<>();
    private boolean cancellable = true;
    private Duration timeout;
    private Instant submitTime = T0;
    private String submitter;
    private long position = 1;
    private TaskState target = TaskState.WAITING;
    private String worker = WORKER;

    private TaskBuilder() {
    }

    public static TaskBuilder aWaitingTask() {
        return new TaskBuilder();
    }

    public static TaskBuilder aRunningTask() {
        return new TaskBuilder().in(TaskState.RUNNING);
    }

    public static TaskBuilder aTaskIn(TaskState state) {
        return new TaskBuilder().in(state);
    }

    /** A submission with the builder's fields, for repositories to admit. */
    public static TaskBuilder aSubmission() {
        return new TaskBuilder();
    }

    public TaskBuilder in(TaskState state) {
        this.target = state;
        return this;
    }

    public TaskBuilder withId(TaskId taskId) {
        this.id = taskId;
        return this;
    }

    public TaskBuilder withOperation(String name) {
        this.operation = name;
        return this;
    }

    public TaskBuilder withArg(String name, Object value) {
        this.args.put(name, value);
        return this;
    }

    public TaskBuilder claiming(String resourceType, String resourceId, ResourceOperation resourceOperation) {
        this.claims.add(new ResourceClaim(resourceType, resourceId, resourceOperation));
        return this;
    }

    public TaskBuilder withTags(String... values) {
        for (String value : values) {
            this.tags.add(Tag.of(value));
        }
        return this;
    }

    public TaskBuilder notCancellable() {
        this.cancellable = false;
        return this;
    }

    public TaskBuilder withTimeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    public TaskBuilder submittedAt(Instant time) {
        this.submitTime = time;
        return this;
    }

    public TaskBuilder submittedBy(String user) {
        this.submitter = user;
        return this;
    }

    /** The worker that runs it, if it is built in a state a run reaches. */
    public TaskBuilder runBy(String workerName) {
        this.worker = workerName;
        return this;
    }

    public TaskBuilder atPosition(long admissionPosition) {
        this.position = admissionPosition;
        return this;
    }

    public TaskSubmission buildSubmission() {
        return TaskSubmission.of(id, operation, JsonValues.copyOfObject(args), claims, tags, cancellable, timeout,
                submitTime, submitter);
    }

    /** An accepted task, brought to the requested state through the domain's own transitions. */
    public Task build() {
        Task task = buildSubmission().admit(position, new Admission.Accepted());
        Instant later = submitTime.plusSeconds(1);
        return switch (target) {
            case WAITING -> task;
            case RUNNING -> task.start(later, worker);
            case FINISHED -> task.start(later, worker).finish(Map.of("done", true), later.plusSeconds(1));
            case ERROR -> task.start(later, worker).fail(ErrorCode.OPERATION_FAILED, "IllegalStateException: boom", "trace",
                    later.plusSeconds(1));
            case CANCELED -> task.cancel(later);
            case SKIPPED -> task.skip(later);
        };
    }

    /** Helper for assertions: the set of ids of {@code tasks}. */
    public static Set<TaskId> idsOf(List<Task> tasks) {
        Set<TaskId> ids = new java.util.LinkedHashSet<>();
        tasks.forEach(task -> ids.add(task.id()));
        return ids;
    }
}
