package dev.taskmill.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A field a search may filter and sort on, under the names Pulp 2's task documents gave it.
 * Each has a {@link Kind}, which decides the values it compares with.
 */
public enum SearchField {
    TASK_ID(Kind.TEXT, task -> task.id().toString(), "task_id", "id"),
    STATE(Kind.TEXT, task -> task.state().wireName(), "state"),
    TAGS(Kind.TEXT_LIST, task -> task.tags().stream().map(Tag::value).toList(), "tags"),
    TASK_TYPE(Kind.TEXT, Task::operation, "task_type"),
    WORKER_NAME(Kind.TEXT, Task::workerName, "worker_name"),
    TASK_GROUP_ID(Kind.TEXT, Task::jobId, "task_group_id", "job_id"),
    SCHEDULE_ID(Kind.TEXT, Task::scheduleId, "schedule_id"),
    START_TIME(Kind.TIME, task -> reported(task.startTime()), "start_time"),
    FINISH_TIME(Kind.TIME, task -> reported(task.finishTime()), "finish_time"),
    RESPONSE(Kind.TEXT, task -> task.response().wireName(), "response");

    /** What a field holds, which decides what it compares with. */
    public enum Kind {
        /** A string or null: equality, membership, patterns. */
        TEXT,
        /** A list of strings: a value matches when an element does ({@code tags}). */
        TEXT_LIST,
        /**
         * An instant or null, as reports show it: to the millisecond. Compares in order with
         * instants as well as for equality.
         */
        TIME
    }

    private final Kind kind;
    private final Function<Task, Object> value;
    private final List<String> names;

    SearchField(Kind kind, Function<Task, Object> value, String... names) {
        this.kind = kind;
        this.value = value;
        this.names = List.of(names);
    }

    public Kind kind() {
        return kind;
    }

    /** The name reports use; {@link #names()} lists the others it answers to. */
    public String wireName() {
        return names.get(0);
    }

    public List<String> names() {
        return names;
    }

    /** The field's value in {@code task}: a {@code String}, a {@code List<String>}, an {@link Instant} or null. */
    public Object valueIn(Task task) {
        return value.apply(task);
    }

    /** The field called {@code name}, under any of its names. */
    public static Optional<SearchField> named(String name) {
        for (SearchField field : values()) {
            if (field.names.contains(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** An instant as reports show it, to the millisecond, so that a time read off a report finds its task. */
    private static Instant reported(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
