package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import java.util.Objects;
import java.util.function.Function;

/**
 * One event of a stream of task events: a change of a task ({@link #change} present), or what
 * the stream itself says: {@link Type#RESET} (the events after the client's last one are no
 * longer held: list the tasks again) and {@link Type#CLOSED} (the stream ends; {@link #message}
 * says why). {@link #id} increases along a stream; a client resumes after the last it saw.
 */
public final class TaskEvent {

    /** What an event tells. */
    public enum Type {
        SUBMITTED, STARTED, PROGRESS, ENDED, REQUEUED, RESET, CLOSED;

        /** The event's name on the wire: {@code submitted}, ..., {@code reset}, {@code closed}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Type of(TaskChange.Kind kind) {
            return valueOf(kind.name());
        }
    }

    private final String id;
    private final Type type;
    private final TaskChange change;
    private final String message;
    /** What an adapter made of this event, made once for all the streams that send it. */
    private volatile Object rendered;

    private TaskEvent(String id, Type type, TaskChange change, String message) {
        this.id = id;
        this.type = Objects.requireNonNull(type, "type");
        this.change = change;
        this.message = message;
    }

    /** The event of {@code change}, numbered {@code id}. */
    public static TaskEvent of(String id, TaskChange change) {
        return new TaskEvent(Objects.requireNonNull(id, "id"), Type.of(change.kind()), change, null);
    }

    /** An event of the stream itself ({@link Type#RESET}, {@link Type#CLOSED}), which has no id. */
    public static TaskEvent notice(Type type, String message) {
        if (type != Type.RESET && type != Type.CLOSED) {
            throw new IllegalArgumentException("a notice is a reset or a close, not " + type);
        }
        return new TaskEvent(null, type, null, Objects.requireNonNull(message, "message"));
    }

    /** The event's id, or null for a notice. */
    public String id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** The task as the change left it, or null for a notice. */
    public Task task() {
        return change == null ? null : change.task();
    }

    /** What a notice says, or null for a change. */
    public String message() {
        return message;
    }

    /**
     * {@code render} applied to this event, computed at most once whatever the number of streams
     * that send it (a race may compute it twice; both results are equal).
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Function<TaskEvent, T> render) {
        Object done = rendered;
        if (done == null) {
            done = render.apply(this);
            rendered = done;
        }
        return (T) done;
    }

    @Override
    public String toString() {
        return type.wireName() + (id == null ? "" : " " + id) + (change == null ? ": " + message : " " + task().id());
    }
}
