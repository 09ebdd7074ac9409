package dev.taskmill.application.port.out;

import static dev.taskmill.domain.TaskBuilder.aSubmission;

import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Small helpers for the repository contract test: submissions, filters and task lifecycles. */
public final class RepositoryTestData {

    public static final String REPOSITORY = "repository";

    private RepositoryTestData() {
    }

    /** A submission claiming the repository {@code resourceId} for {@code operation}. */
    public static TaskSubmission claiming(String resourceId, ResourceOperation operation) {
        return aSubmission().claiming(REPOSITORY, resourceId, operation).buildSubmission();
    }

    public static TaskSubmission tagged(String... tags) {
        return aSubmission().withTags(tags).buildSubmission();
    }

    public static TaskSubmission unclaimed() {
        return aSubmission().buildSubmission();
    }

    public static ResourceClaim claim(String resourceId, ResourceOperation operation) {
        return new ResourceClaim(REPOSITORY, resourceId, operation);
    }

    /** Every task, whatever its state and tags. */
    public static TaskFilter everything() {
        return new TaskFilter(Set.of(), Set.of());
    }

    public static TaskFilter withTags(String... tags) {
        return new TaskFilter(Arrays.stream(tags).map(Tag::of).collect(Collectors.toSet()), Set.of());
    }

    public static TaskFilter inStates(TaskState... states) {
        return new TaskFilter(Set.of(), Set.of(states));
    }

    /** Records a running task's result and releases its claims, as the engine does when its code returns. */
    public static Task finishAndRelease(TaskRepository repository, Task running, Instant now) {
        Task finished = repository.update(running.finish(null, now));
        return repository.update(finished.releaseClaims());
    }

    public static List<Long> positionsOf(List<Task> tasks) {
        return tasks.stream().map(Task::position).toList();
    }
}
